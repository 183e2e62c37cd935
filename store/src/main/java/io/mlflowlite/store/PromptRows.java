package io.mlflowlite.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.chat.ResponseFormat;
import io.mlflowlite.json.Json;
import io.mlflowlite.prompt.PromptMessage;
import io.mlflowlite.prompt.PromptStoreException;
import io.mlflowlite.prompt.PromptTemplate;
import io.mlflowlite.prompt.PromptType;
import io.mlflowlite.prompt.PromptVersion;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** How a {@link PromptVersion} is laid out in the {@code prompt_versions} columns (schema V3), both ways. */
final class PromptRows {
    static final String COLUMNS = "v.name, v.version, p.type, v.template, v.commit_message, v.tags, v.model_config, "
            + "v.response_format, v.created";
    static final String FROM = " FROM prompt_versions v JOIN prompts p ON p.name = v.name";
    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {};
    private static final TypeReference<LinkedHashMap<String, Object>> CONFIG = new TypeReference<>() {};
    /** Model config values come back as the plain Java types they went in as (0.2 a Double, not a BigDecimal). */
    private static final ObjectMapper PLAIN = new ObjectMapper();

    private PromptRows() {}

    static String template(PromptTemplate template) {
        if (template.type() == PromptType.TEXT) {
            return template.text().orElseThrow();
        }
        var array = Json.array();
        template.messages().forEach(m -> array.addObject().put("role", m.role()).put("content", m.content()));
        return array.toString();
    }

    static String json(Object value) {
        try {
            return PLAIN.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "Model config and tags must be JSON values: " + e.getOriginalMessage(), e);
        }
    }

    static String responseFormat(Optional<ResponseFormat> format) {
        return format.map(f -> {
                    ObjectNode node = Json.object().put("type", f.type());
                    if (f.name() != null) {
                        node.put("name", f.name());
                    }
                    if (f.schema() != null) {
                        node.set("schema", f.schema());
                    }
                    if (f.strict() != null) {
                        node.put("strict", f.strict());
                    }
                    return node.toString();
                })
                .orElse(null);
    }

    static PromptVersion version(ResultSet rs) throws SQLException {
        String name = rs.getString("name");
        PromptType type = PromptType.parse(rs.getString("type"));
        String stored = rs.getString("template");
        PromptTemplate template;
        if (type == PromptType.TEXT) {
            template = PromptTemplate.text(stored);
        } else {
            List<PromptMessage> messages = new ArrayList<>();
            for (JsonNode m : tree(stored, name)) {
                messages.add(new PromptMessage(
                        m.path("role").asText(), m.path("content").asText()));
            }
            template = PromptTemplate.chat(messages);
        }
        return new PromptVersion(
                name,
                rs.getInt("version"),
                template,
                rs.getString("commit_message"),
                parse(rs.getString("tags"), LABELS, name),
                parse(rs.getString("model_config"), CONFIG, name),
                Optional.ofNullable(rs.getString("response_format")).map(f -> format(tree(f, name))),
                Instant.ofEpochMilli(rs.getLong("created")));
    }

    private static ResponseFormat format(JsonNode node) {
        return ResponseFormat.of(
                node.path("type").asText(),
                node.hasNonNull("name") ? node.get("name").asText() : null,
                node.hasNonNull("schema") ? node.get("schema") : null,
                node.hasNonNull("strict") ? node.get("strict").asBoolean() : null);
    }

    private static JsonNode tree(String json, String name) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw malformed(name, e);
        }
    }

    private static <T> T parse(String json, TypeReference<T> type, String name) {
        try {
            return PLAIN.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw malformed(name, e);
        }
    }

    private static PromptStoreException malformed(String name, JsonProcessingException e) {
        return new PromptStoreException(
                "A stored version of prompt '" + name + "' has malformed JSON (" + e.getOriginalMessage() + ")", e);
    }
}
