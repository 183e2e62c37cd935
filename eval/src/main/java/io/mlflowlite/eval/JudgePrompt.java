package io.mlflowlite.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The user message of a built-in LLM judge's request: tagged sections that any judge model can read and the
 * offline judge model {@code local/judge} (module {@code mlflowlite-embed}) parses back. Evaluation renders
 * it with {@link #render()}; a model-side reader calls {@link #parse(String)}.
 *
 * <p>The format, one section per tag, a section absent when it does not apply:
 * <pre>
 * &lt;judge&gt;correctness&lt;/judge&gt;
 * &lt;request&gt;the user's input&lt;/request&gt;
 * &lt;response&gt;the output being judged&lt;/response&gt;
 * &lt;expected_response&gt;…&lt;/expected_response&gt;
 * &lt;expected_facts&gt;
 * - one fact per line
 * &lt;/expected_facts&gt;
 * &lt;guidelines&gt;
 * - one guideline per line
 * &lt;/guidelines&gt;
 * &lt;context&gt;retrieved context for faithfulness&lt;/context&gt;
 * </pre>
 * A section starts at the beginning of a line (so text around the sections may mention a tag mid-sentence).
 * Section bodies are XML-escaped ({@code &}, {@code <}, {@code >} as {@code &amp;}, {@code &lt;}, {@code &gt;}),
 * so a body never contains a tag. Surrounding whitespace of a body is not significant; a list item is one line
 * (line breaks inside an item become spaces) and blank items are dropped. The judge answers with assistant
 * content that is exactly the JSON object {@code {"rationale": "...", "result": "yes"}} (or {@code "no"}).
 *
 * <p>Immutable and thread-safe; rendering and parsing do no I/O.
 */
public final class JudgePrompt {
    /** Judge names of the built-in judges; {@link #name()} may be any other lower-case name. */
    public static final String CORRECTNESS = "correctness";

    public static final String GUIDELINES = "guidelines";
    public static final String RELEVANCE_TO_QUERY = "relevance_to_query";
    public static final String FAITHFULNESS = "faithfulness";
    public static final String CONCISENESS = "conciseness";
    public static final String SAFETY = "safety";
    /** The built-in judge names, in the order above. */
    public static final List<String> BUILTIN_JUDGES =
            List.of(CORRECTNESS, GUIDELINES, RELEVANCE_TO_QUERY, FAITHFULNESS, CONCISENESS, SAFETY);

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Set<String> LIST_TAGS = Set.of("expected_facts", "guidelines");

    private final String name;
    private final String request;
    private final String response;
    private final String expectedResponse;
    private final List<String> expectedFacts;
    private final List<String> guidelines;
    private final String context;

    private JudgePrompt(Builder b) {
        if (b.name == null || !NAME.matcher(b.name).matches()) {
            throw new IllegalArgumentException("judge name must be lower case letters, digits and _, such as "
                    + "correctness; was " + (b.name == null ? "missing" : "'" + b.name + "'"));
        }
        this.name = b.name;
        this.request = blankToNull(b.request);
        this.response = blankToNull(b.response);
        this.expectedResponse = blankToNull(b.expectedResponse);
        this.expectedFacts = items(b.expectedFacts);
        this.guidelines = items(b.guidelines);
        this.context = blankToNull(b.context);
    }

    /** A builder for the judge called {@code name} ({@link #CORRECTNESS} …). */
    public static Builder builder(String name) {
        return new Builder().name(name);
    }

    public Builder toBuilder() {
        return new Builder()
                .name(name)
                .request(request)
                .response(response)
                .expectedResponse(expectedResponse)
                .expectedFacts(expectedFacts)
                .guidelines(guidelines)
                .context(context);
    }

    /** The judge's name: one of {@link #BUILTIN_JUDGES} for the built-in judges. */
    public String name() {
        return name;
    }

    /** The user's input, when given. */
    public Optional<String> request() {
        return Optional.ofNullable(request);
    }

    /** The output being judged, when given. */
    public Optional<String> response() {
        return Optional.ofNullable(response);
    }

    /** The reference answer, when given. */
    public Optional<String> expectedResponse() {
        return Optional.ofNullable(expectedResponse);
    }

    /** Facts the response must state; empty when none. */
    public List<String> expectedFacts() {
        return expectedFacts;
    }

    /** Guidelines the response must follow; empty when none. */
    public List<String> guidelines() {
        return guidelines;
    }

    /** Retrieved context the response must be supported by, when given. */
    public Optional<String> context() {
        return Optional.ofNullable(context);
    }

    /** The user-message text: the tagged sections in the order of the class description, escaped. */
    public String render() {
        StringBuilder out = new StringBuilder();
        text(out, "judge", name);
        text(out, "request", request);
        text(out, "response", response);
        text(out, "expected_response", expectedResponse);
        list(out, "expected_facts", expectedFacts);
        list(out, "guidelines", guidelines);
        text(out, "context", context);
        return out.toString();
    }

    /**
     * Reads a rendered prompt back from a user message; text outside the sections is ignored, so a message may
     * add its own instructions around them.
     *
     * @throws IllegalArgumentException when there is no {@code <judge>} section, a section is not closed, or a
     *                                  tag appears twice; the message names the tag
     */
    public static JudgePrompt parse(String userMessage) {
        Objects.requireNonNull(userMessage, "userMessage");
        Builder b = new Builder();
        String judge = section(userMessage, "judge");
        if (judge == null) {
            throw new IllegalArgumentException("not a judge prompt: no <judge> section naming the judge");
        }
        return b.name(judge.strip())
                .request(section(userMessage, "request"))
                .response(section(userMessage, "response"))
                .expectedResponse(section(userMessage, "expected_response"))
                .expectedFacts(lines(section(userMessage, "expected_facts")))
                .guidelines(lines(section(userMessage, "guidelines")))
                .context(section(userMessage, "context"))
                .build();
    }

    private static String section(String text, String tag) {
        // only at the start of a line, so instructions around the sections may mention a tag mid-sentence
        Matcher open = Pattern.compile("(?m)^[ \\t]*<" + tag + ">").matcher(text);
        if (!open.find()) {
            return null;
        }
        String close = "</" + tag + ">";
        int end = text.indexOf(close, open.end());
        if (end < 0) {
            throw new IllegalArgumentException("judge prompt: <" + tag + "> is not closed by " + close);
        }
        String body = text.substring(open.end(), end);
        if (open.find(end)) {
            throw new IllegalArgumentException("judge prompt: <" + tag + "> appears more than once");
        }
        return LIST_TAGS.contains(tag) ? body : unescape(body).strip();
    }

    private static List<String> lines(String body) {
        if (body == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String line : body.split("\\R")) {
            String item = line.strip();
            if (item.startsWith("-")) {
                item = item.substring(1).strip();
            }
            if (!item.isEmpty()) {
                out.add(unescape(item));
            }
        }
        return out;
    }

    private static void text(StringBuilder out, String tag, String body) {
        if (body != null) {
            out.append('<')
                    .append(tag)
                    .append('>')
                    .append(escape(body))
                    .append("</")
                    .append(tag)
                    .append(">\n");
        }
    }

    private static void list(StringBuilder out, String tag, List<String> items) {
        if (!items.isEmpty()) {
            out.append('<').append(tag).append(">\n");
            for (String item : items) {
                out.append("- ").append(escape(item)).append('\n');
            }
            out.append("</").append(tag).append(">\n");
        }
    }

    /** Escapes the three characters that could open or fake a tag; {@code &} first so it is not doubled. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** The reverse of {@link #escape}; {@code &amp;} last, so {@code &amp;lt;} reads back as {@code &lt;}. */
    static String unescape(String text) {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static List<String> items(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String value : values) {
            String item =
                    value == null ? "" : value.replaceAll("\\s*\\R\\s*", " ").strip();
            if (!item.isEmpty()) {
                out.add(item);
            }
        }
        return List.copyOf(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JudgePrompt p
                && name.equals(p.name)
                && Objects.equals(request, p.request)
                && Objects.equals(response, p.response)
                && Objects.equals(expectedResponse, p.expectedResponse)
                && expectedFacts.equals(p.expectedFacts)
                && guidelines.equals(p.guidelines)
                && Objects.equals(context, p.context);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, request, response, expectedResponse, expectedFacts, guidelines, context);
    }

    @Override
    public String toString() {
        return "JudgePrompt[" + name + "]";
    }

    /** Builds a {@link JudgePrompt}; null or blank values leave a section out. Not thread-safe. */
    public static final class Builder {
        private String name;
        private String request;
        private String response;
        private String expectedResponse;
        private List<String> expectedFacts = List.of();
        private List<String> guidelines = List.of();
        private String context;

        private Builder() {}

        public Builder name(String value) {
            this.name = value;
            return this;
        }

        public Builder request(String value) {
            this.request = value;
            return this;
        }

        public Builder response(String value) {
            this.response = value;
            return this;
        }

        public Builder expectedResponse(String value) {
            this.expectedResponse = value;
            return this;
        }
        /** One fact per item; null or blank items are dropped, line breaks inside an item become spaces. */
        public Builder expectedFacts(List<String> values) {
            this.expectedFacts = values == null ? List.of() : new ArrayList<>(values);
            return this;
        }
        /** One guideline per item; null or blank items are dropped, line breaks inside an item become spaces. */
        public Builder guidelines(List<String> values) {
            this.guidelines = values == null ? List.of() : new ArrayList<>(values);
            return this;
        }

        public Builder context(String value) {
            this.context = value;
            return this;
        }

        /** @throws IllegalArgumentException when the name is missing or not lower case letters, digits and _ */
        public JudgePrompt build() {
            return new JudgePrompt(this);
        }
    }
}
