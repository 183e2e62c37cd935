package io.mlflowlite.eval;

import java.util.List;

/**
 * The user message of a judge request: tagged sections, one per line start, bodies XML-escaped, lists one
 * {@code - item} per line, absent sections left out — the contract the offline {@code local/judge} reads
 * ({@code <judge>}, {@code <request>}, {@code <response>}, {@code <expected_response>}, {@code <expected_facts>},
 * {@code <guidelines>}, {@code <context>}).
 */
record JudgeSections(String judge, String request, String response, String expectedResponse,
        List<String> expectedFacts, List<String> guidelines, String context) {

    JudgeSections {
        expectedFacts = items(expectedFacts);
        guidelines = items(guidelines);
    }

    String render() {
        StringBuilder out = new StringBuilder();
        text(out, "judge", judge);
        text(out, "request", request);
        text(out, "response", response);
        text(out, "expected_response", expectedResponse);
        list(out, "expected_facts", expectedFacts);
        list(out, "guidelines", guidelines);
        text(out, "context", context);
        return out.toString();
    }

    private static void text(StringBuilder out, String tag, String body) {
        if (body != null && !body.isBlank()) {
            out.append('<').append(tag).append('>').append(escape(body.strip())).append("</").append(tag).append(">\n");
        }
    }

    private static void list(StringBuilder out, String tag, List<String> items) {
        if (!items.isEmpty()) {
            out.append('<').append(tag).append(">\n");
            items.forEach(item -> out.append("- ").append(escape(item)).append('\n'));
            out.append("</").append(tag).append(">\n");
        }
    }

    private static List<String> items(List<String> values) {
        return values == null ? List.of() : values.stream().filter(v -> v != null && !v.isBlank())
                .map(v -> v.replaceAll("\\s*\\R\\s*", " ").strip()).toList();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
