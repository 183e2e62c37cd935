package io.mlflowlite.webui;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The web UI's answer to one {@link WebRequest}. Immutable.
 *
 * @param headers extra response headers (such as {@code Set-Cookie}, {@code Location}, {@code Cache-Control})
 */
public record WebResponse(int status, String contentType, Map<String, String> headers, byte[] body) {
    public WebResponse {
        headers = Map.copyOf(new LinkedHashMap<>(headers));
        body = body.clone();
    }

    /** A page: 200 and UTF-8 HTML. */
    public static WebResponse html(int status, String html, Map<String, String> headers) {
        return new WebResponse(status, "text/html; charset=utf-8", headers, html.getBytes(StandardCharsets.UTF_8));
    }

    /** A 303 to {@code location} (after a POST, or to the login form). */
    public static WebResponse redirect(String location, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Location", location);
        return new WebResponse(303, "text/plain; charset=utf-8", all, new byte[0]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WebResponse r
                && status == r.status
                && contentType.equals(r.contentType)
                && headers.equals(r.headers)
                && java.util.Arrays.equals(body, r.body);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(status, contentType, headers, java.util.Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return "WebResponse[" + status + ", " + contentType + ", " + body.length + " bytes]";
    }
}
