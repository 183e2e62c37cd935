package io.mlflowlite.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.mlflowlite.json.Json;
import java.util.List;

/**
 * The built-in {@code search} tool: BM25 keyword ranking ({@link Bm25Index}) over documents you supply, in memory.
 * Arguments: {@code query} (text) and optional {@code limit} (1 to {@value #MAX_LIMIT}); result: a JSON array of
 * the best documents, best first, each {@code {"id", "title", "score", "text"}}, empty when no document shares a
 * term with the query. Stateless.
 *
 * <pre>{@code
 * Tool search = SearchTool.over(List.of(
 *         new Document("refunds", "Refund policy", "Refunds are issued within 14 days of a return."),
 *         new Document("shipping", "Shipping", "Orders ship within 2 business days.")));
 * }</pre>
 */
public final class SearchTool {
    /** Results when the model gives no {@code limit}. */
    public static final int DEFAULT_LIMIT = 3;
    /** The most results one call returns. */
    public static final int MAX_LIMIT = 20;

    private static final String SCHEMA = """
            {"type": "object",
             "properties": {
               "query": {"type": "string", "minLength": 1,
                         "description": "Keywords to look for in the documents"},
               "limit": {"type": "integer", "minimum": 1, "maximum": %d,
                         "description": "How many documents to return at most (default %d)"}},
             "required": ["query"],
             "additionalProperties": false}""";

    private SearchTool() {}

    /** The {@code search} tool over {@code documents}, returning {@value #DEFAULT_LIMIT} hits unless asked for more. */
    public static Tool over(List<Document> documents) {
        return over(documents, DEFAULT_LIMIT);
    }

    /**
     * The {@code search} tool over {@code documents}, returning {@code defaultLimit} hits unless asked otherwise.
     *
     * @throws IllegalArgumentException when two documents share an id or the limit is out of range
     */
    public static Tool over(List<Document> documents, int defaultLimit) {
        if (defaultLimit < 1 || defaultLimit > MAX_LIMIT) {
            throw new IllegalArgumentException(
                    "defaultLimit must be between 1 and " + MAX_LIMIT + ", was " + defaultLimit);
        }
        Bm25Index index = Bm25Index.of(documents);
        return Tool.of(
                "search",
                "Searches the reference documents by keywords (BM25 ranking) and returns the most "
                        + "relevant ones with their text and score. Use it to look up facts before answering.",
                SCHEMA.formatted(MAX_LIMIT, defaultLimit),
                arguments -> results(index, arguments, defaultLimit));
    }

    private static ArrayNode results(Bm25Index index, JsonNode arguments, int defaultLimit) {
        JsonNode limit = arguments.get("limit");
        int count = limit == null || limit.isNull() ? defaultLimit : limit.asInt();
        ArrayNode hits = Json.array();
        for (SearchHit hit : index.search(arguments.get("query").asText(), count)) {
            hits.addObject()
                    .put("id", hit.id())
                    .put("title", hit.title())
                    .put("score", hit.score())
                    .put("text", hit.text());
        }
        return hits;
    }
}
