package io.mlflowlite.eval;

/**
 * Reading JSON that a model wrote (a judge's verdict, a reviewer's suggestions): models often wrap it in a
 * Markdown fence, and a parse error must be short enough to send back to the model in a repair prompt. Used by
 * the judges and by suggestions; stateless and thread-safe.
 */
public final class ModelAnswers {
    private ModelAnswers() {}

    /**
     * {@code text} without a surrounding Markdown code fence; the fence's first line may name a language
     * ({@code ```json}), and the JSON then starts on the next line. Text without a fence comes back as it is.
     */
    public static String unfence(String text) {
        if (text.startsWith("```") && text.endsWith("```") && text.length() >= 6) {
            String inner = text.substring(3, text.length() - 3);
            int newline = inner.indexOf('\n');
            boolean languageLine = newline >= 0
                    && !inner.substring(0, newline).contains("{")
                    && !inner.substring(0, newline).contains("[");
            return languageLine ? inner.substring(newline + 1).strip() : inner.strip();
        }
        return text;
    }

    /** The first clause of a Jackson parse error, at most 120 characters: what a model needs to fix its answer. */
    public static String shortError(String message) {
        String text = message == null ? "unreadable" : message.split("\n")[0];
        int cut = text.indexOf(": was expecting");
        text = cut > 0 ? text.substring(0, cut) : text;
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }
}
