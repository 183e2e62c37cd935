package io.mlflowlite.chat;

/** One part of a message's content: text or an image. */
public sealed interface ContentPart permits ContentPart.Text, ContentPart.Image {

    /** A text part. */
    record Text(String text) implements ContentPart {
        public Text {
            text = text == null ? "" : text;
        }
    }

    /**
     * An image by URL, either {@code https://…} or a {@code data:image/png;base64,…} URL.
     *
     * @param detail OpenAI's {@code low|high|auto}, or null
     */
    record Image(String url, String detail) implements ContentPart {
        /** The MIME type of a data URL ({@code image/png}), or null for a remote URL. */
        public String mediaType() {
            if (!url.startsWith("data:")) {
                return null;
            }
            int end = url.indexOf(';');
            return end < 0 ? null : url.substring(5, end);
        }

        /** The base64 payload of a data URL, or null for a remote URL. */
        public String base64Data() {
            int comma = url.indexOf(',');
            return url.startsWith("data:") && comma >= 0 ? url.substring(comma + 1) : null;
        }
    }

    static ContentPart text(String text) {
        return new Text(text);
    }

    static ContentPart image(String url) {
        return new Image(url, null);
    }
}
