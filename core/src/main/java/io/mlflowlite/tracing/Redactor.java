package io.mlflowlite.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Removes secrets and personal data from traces before they are stored or exported: every string in span
 * inputs, outputs, attributes and status messages, the trace previews, and the trace's user, session, tag
 * values and metadata values, is matched against regexes
 * (matches become {@code [REDACTED]}); JSON fields named in {@code fieldNames} are blanked wherever they occur;
 * field paths such as {@code inputs.messages.content} blank exactly that field (arrays on the way are walked
 * through). Previews are taken from the redacted inputs and outputs. API-key and bearer-token patterns are
 * always on. Immutable and thread-safe.
 */
public final class Redactor {
    public static final String MASK = "[REDACTED]";

    /**
     * Provider keys and Authorization values: OpenAI/Anthropic {@code sk-…}, Google {@code AIza…}, bearer tokens,
     * and the gateway's own virtual keys {@code mlk-…} (their 10-character prefixes, shown in key lists, are not
     * secret and stay).
     */
    public static final List<Pattern> SECRET_PATTERNS = List.of(
            Pattern.compile("sk-[A-Za-z0-9_\\-]{16,}"),
            Pattern.compile("mlk-[A-Za-z0-9_\\-]{16,}"),
            Pattern.compile("AIza[0-9A-Za-z_\\-]{30,}"),
            Pattern.compile("(?i)bearer\\s+[A-Za-z0-9._~+/=\\-]{8,}"),
            Pattern.compile(
                    "(?i)(x-api-key|x-goog-api-key|api[_-]?key)([\"']?\\s*[:=]\\s*[\"']?)[A-Za-z0-9._\\-]{8,}"));

    /** Field names always blanked. */
    public static final Set<String> SECRET_FIELDS =
            Set.of("authorization", "api_key", "apiKey", "x-api-key", "x-goog-api-key");

    private final Pattern combined;
    /** Whether the patterns are the built-in ones only, so {@link #mayHoldSecret} can rule a string out. */
    private final boolean builtInOnly;

    private final Set<String> fieldNames;
    /** Each field name as it appears quoted in JSON text; null when one would be escaped there. */
    private final List<String> quotedFieldNames;

    private final List<String[]> inputPaths;
    private final List<String[]> outputPaths;

    private Redactor(List<Pattern> patterns, Set<String> fieldNames, Set<String> paths) {
        // one alternation: each string is scanned once, however many patterns there are
        this.combined = Pattern.compile(String.join(
                "|", patterns.stream().map(p -> "(?:" + p.pattern() + ")").toList()));
        this.builtInOnly = patterns.equals(SECRET_PATTERNS);
        this.fieldNames = Set.copyOf(fieldNames);
        this.quotedFieldNames = this.fieldNames.stream().allMatch(Redactor::plainInJson)
                ? this.fieldNames.stream().map(f -> '"' + f + '"').toList()
                : null;
        this.inputPaths = new ArrayList<>();
        this.outputPaths = new ArrayList<>();
        for (String path : paths) {
            String[] parts = path.split("\\.");
            if (parts.length < 2 || !(parts[0].equals("inputs") || parts[0].equals("outputs"))) {
                throw new IllegalArgumentException("Redaction path '" + path
                        + "' must start with inputs. or outputs., e.g. inputs.messages.content");
            }
            (parts[0].equals("inputs") ? inputPaths : outputPaths)
                    .add(java.util.Arrays.copyOfRange(parts, 1, parts.length));
        }
    }

    /** Only the built-in secret patterns and fields. */
    public static Redactor secretsOnly() {
        return new Redactor(SECRET_PATTERNS, SECRET_FIELDS, Set.of());
    }

    /** The built-ins plus {@code regexes} (e.g. e-mail addresses) and {@code fields} (e.g. {@code ssn}). */
    public static Redactor of(List<String> regexes, Set<String> fields) {
        return of(regexes, fields, Set.of());
    }

    /**
     * The built-ins plus {@code regexes}, {@code fields}, and field {@code paths} into span inputs or outputs
     * ({@code inputs.messages.content} blanks every message's content; {@code outputs.choices.message.content}
     * every answer).
     */
    public static Redactor of(List<String> regexes, Set<String> fields, Set<String> paths) {
        List<Pattern> all = new ArrayList<>(SECRET_PATTERNS);
        regexes.forEach(r -> all.add(Pattern.compile(r)));
        Set<String> names = new java.util.HashSet<>(SECRET_FIELDS);
        names.addAll(fields);
        return new Redactor(all, names, paths);
    }

    /** The trace redacted; the same trace when nothing in it needed redacting (the usual case). */
    public Trace apply(Trace trace) {
        List<Span> spans = new ArrayList<>(trace.spans().size());
        boolean changed = false;
        Span root = null;
        for (Span s : trace.spans()) {
            Span clean = span(s);
            spans.add(clean);
            changed |= clean != s;
            if (root == null && clean.isRoot()) {
                root = clean;
            }
        }
        TraceInfo i = trace.info();
        String request = root != null && root.inputsJson() != null
                ? InFlightTrace.requestPreview(root.inputs())
                : text(i.requestPreview());
        String response = root != null && root.outputsJson() != null
                ? InFlightTrace.responsePreview(root.outputs())
                : text(i.responsePreview());
        String user = text(i.user());
        String session = text(i.session());
        Map<String, String> tags = entries(i.tags());
        Map<String, String> metadata = entries(i.metadata());
        if (Objects.equals(request, i.requestPreview())
                && Objects.equals(response, i.responsePreview())
                && user == i.user()
                && session == i.session()
                && tags == i.tags()
                && metadata == i.metadata()) {
            return changed ? new Trace(i, spans) : trace;
        }
        TraceInfo info = TraceInfo.builder()
                .traceId(i.traceId())
                .experiment(i.experiment())
                .startTime(i.startTime())
                .duration(i.duration())
                .state(i.state())
                .requestPreview(request)
                .responsePreview(response)
                .model(i.model())
                .inputTokens(i.inputTokens())
                .outputTokens(i.outputTokens())
                .cost(i.cost())
                .user(user)
                .session(session)
                .tags(tags)
                .metadata(metadata)
                .build();
        return new Trace(info, spans);
    }

    /** Tags or metadata with each value redacted (blanked where its key is a secret field name). */
    private Map<String, String> entries(Map<String, String> map) {
        Map<String, String> clean = null;
        for (Map.Entry<String, String> e : map.entrySet()) {
            String value = e.getValue();
            String redacted = fieldNames.contains(e.getKey()) ? MASK : text(value);
            if (redacted != value && clean == null) {
                clean = new LinkedHashMap<>(map);
            }
            if (clean != null) {
                clean.put(e.getKey(), redacted);
            }
        }
        return clean == null ? map : clean;
    }

    /**
     * The span with its content redacted; the same span when nothing in it needed redacting (the usual case).
     * Inputs and outputs are first looked at as the JSON text the span keeps anyway (one scan of a string), and
     * walked as trees only when that text {@link #mayNeedRedaction may need it}.
     */
    private Span span(Span s) {
        Map<String, Object> attributes = s.attributes();
        Map<String, Object> cleanAttributes = null;
        for (Map.Entry<String, Object> e : attributes.entrySet()) {
            Object value = e.getValue();
            Object clean = fieldNames.contains(e.getKey()) ? MASK : value(value);
            if (clean != value && cleanAttributes == null) {
                cleanAttributes = new LinkedHashMap<>(attributes);
            }
            if (cleanAttributes != null) {
                cleanAttributes.put(e.getKey(), clean);
            }
        }
        boolean walkInputs = mayNeedRedaction(s.inputsJson(), inputPaths);
        boolean walkOutputs = mayNeedRedaction(s.outputsJson(), outputPaths);
        JsonNode inputs = walkInputs ? paths(json(s.inputs()), inputPaths) : null;
        JsonNode outputs = walkOutputs ? paths(json(s.outputs()), outputPaths) : null;
        String statusMessage = text(s.statusMessage());
        if (cleanAttributes == null
                && (!walkInputs || inputs == s.inputs())
                && (!walkOutputs || outputs == s.outputs())
                && statusMessage == s.statusMessage()) {
            return s;
        }
        return s.withContent(
                walkInputs ? inputs : s.inputs(),
                walkOutputs ? outputs : s.outputs(),
                cleanAttributes == null ? attributes : cleanAttributes,
                statusMessage);
    }

    /**
     * False only for JSON text (as Jackson writes it) that holds nothing this redactor would change, found without
     * a tree: no redaction path applies, the patterns are the built-in ones, and the text holds none of their
     * literal markers ({@link #mayHoldSecret}) and no field name to blank as a quoted string. Jackson escapes no
     * letter, digit, {@code -} or {@code _}, so a marker or field name in a decoded string is in the text as it is;
     * text with a unicode escape (backslash, u: it could spell a letter) is walked, as is any text when a field
     * name holds a character JSON escapes.
     */
    private boolean mayNeedRedaction(String json, List<String[]> paths) {
        if (json == null) {
            return false;
        }
        if (!paths.isEmpty() || !builtInOnly || quotedFieldNames == null) {
            return true;
        }
        if (json.contains("\\u") || mayHoldSecret(json)) {
            return true;
        }
        for (String quoted : quotedFieldNames) {
            if (json.contains(quoted)) {
                return true;
            }
        }
        return false;
    }

    /** Whether JSON writes {@code name} as it is between its quotes (no character it escapes). */
    private static boolean plainInJson(String name) {
        return name.chars().allMatch(c -> c >= 0x20 && c != '"' && c != '\\');
    }

    /** Redacts one string. */
    public String text(String value) {
        if (value == null || (builtInOnly && !mayHoldSecret(value))) {
            return value;
        }
        java.util.regex.Matcher matcher = combined.matcher(value);
        return matcher.find() ? matcher.replaceAll(MASK) : value;
    }

    /**
     * False only for a string no {@link #SECRET_PATTERNS built-in pattern} can match, found without the regex:
     * every match of theirs contains {@code sk-}, {@code mlk-}, {@code AIza}, or (ignoring case) {@code bearer}, or {@code api}
     * followed by {@code key}, {@code _key} or {@code -key} (each key-name alternative does). The patterns fold
     * ASCII case only; this check folds more, so it may say true where the regex then finds nothing, never false
     * where it would match. Nearly every string of a trace holds none of these. It looks only where a
     * {@code k}, {@code K}, {@code b} or {@code B} is (every marker but {@code AIza} holds one), found by the
     * JDK's vectorised {@code indexOf}, instead of at every character: a span's whole JSON text is scanned in a
     * fraction of a microsecond.
     */
    static boolean mayHoldSecret(String value) {
        if (value.contains("AIza")) {
            return true;
        }
        for (int k = value.indexOf('k'); k >= 0; k = value.indexOf('k', k + 1)) {
            if (value.startsWith("sk-", k - 1) || value.startsWith("mlk-", k - 2) || apiKeyAt(value, k)) {
                return true;
            }
        }
        for (int k = value.indexOf('K'); k >= 0; k = value.indexOf('K', k + 1)) {
            if (apiKeyAt(value, k)) {
                return true;
            }
        }
        return bearerAt(value, 'b') || bearerAt(value, 'B');
    }

    /** Whether {@code key} (any case) starts at {@code k}, after {@code api}, {@code api_} or {@code api-} (any case). */
    private static boolean apiKeyAt(String value, int k) {
        if (!value.regionMatches(true, k, "key", 0, 3)) {
            return false;
        }
        if (value.regionMatches(true, k - 3, "api", 0, 3)) {
            return true;
        }
        return k >= 4
                && (value.charAt(k - 1) == '_' || value.charAt(k - 1) == '-')
                && value.regionMatches(true, k - 4, "api", 0, 3);
    }

    /** Whether {@code bearer} (any case) starts at some {@code first} in {@code value}. */
    private static boolean bearerAt(String value, char first) {
        for (int b = value.indexOf(first); b >= 0; b = value.indexOf(first, b + 1)) {
            if (value.regionMatches(true, b + 1, "earer", 0, 5)) {
                return true;
            }
        }
        return false;
    }

    private Object value(Object v) {
        if (v instanceof String s) {
            return text(s);
        }
        return v instanceof JsonNode node ? json(node) : v;
    }

    private static JsonNode paths(JsonNode node, List<String[]> paths) {
        if (node == null || paths.isEmpty()) {
            return node;
        }
        JsonNode copy = node.deepCopy();
        for (String[] path : paths) {
            blank(copy, path, 0);
        }
        return copy;
    }

    private static void blank(JsonNode node, String[] path, int depth) {
        if (node.isArray()) {
            node.forEach(element -> blank(element, path, depth));
        } else if (node.isObject() && node.has(path[depth])) {
            if (depth == path.length - 1) {
                ((ObjectNode) node).put(path[depth], MASK);
            } else {
                blank(node.get(path[depth]), path, depth + 1);
            }
        }
    }

    /** Redacts a tree; returns the same node when nothing in it needed redacting (the usual case). */
    private JsonNode json(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            String text = node.asText();
            String clean = text(text);
            return clean.equals(text) ? node : TextNode.valueOf(clean);
        }
        if (node.isObject()) {
            ObjectNode copy = null;
            var fields = node.fields();
            while (fields.hasNext()) {
                var field = fields.next();
                JsonNode value = field.getValue();
                JsonNode clean = fieldNames.contains(field.getKey()) ? TextNode.valueOf(MASK) : json(value);
                if (clean != value && copy == null) {
                    copy = ((ObjectNode) node).deepCopy();
                }
                if (copy != null) {
                    copy.set(field.getKey(), clean);
                }
            }
            return copy == null ? node : copy;
        }
        if (node.isArray()) {
            ArrayNode copy = null;
            for (int i = 0; i < node.size(); i++) {
                JsonNode value = node.get(i);
                JsonNode clean = json(value);
                if (clean != value && copy == null) {
                    copy = ((ArrayNode) node).deepCopy();
                }
                if (copy != null) {
                    copy.set(i, clean);
                }
            }
            return copy == null ? node : copy;
        }
        return node;
    }
}
