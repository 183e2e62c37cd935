package io.mlflowlite.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchToolTest {
    static final List<Document> HANDBOOK = List.of(
            new Document(
                    "refunds",
                    "Refund policy",
                    "Refunds are issued within 14 days of a return. Refunds go to the original card."),
            new Document("shipping", "Shipping", "Orders ship within 2 business days. Express shipping costs extra."),
            new Document("returns", "Returns", "Return any item within 30 days for a refund."),
            new Document("warranty", "Warranty", "The warranty covers defects for one year."));

    private final Bm25Index index = Bm25Index.of(HANDBOOK);

    @Test
    void tokenizesLowerCaseOnNonLettersAndDigitsWithoutStopWords() {
        assertThat(Bm25Index.tokenize("The Refund-policy: it's NOT for café owners, 42x!"))
                .containsExactly("refund", "policy", "s", "café", "owners", "42x");
        assertThat(Bm25Index.tokenize("the of and to")).isEmpty();
    }

    @Test
    void scoresMatchTheBm25FormulaComputedByHand() {
        // terms after stop words: refunds 12 (title+text), shipping 11, returns 8, warranty 6 -> avgdl 37/4
        double avgdl = 37.0 / 4;
        double idfRefund = Math.log(1 + (4 - 2 + 0.5) / (2 + 0.5)); // in refunds, returns
        double idfWithin = Math.log(1 + (4 - 3 + 0.5) / (3 + 0.5)); // in refunds, shipping, returns
        double idfDays = idfWithin; // same three documents
        double norm = 1.2 * (1 - 0.75 + 0.75 * 8 / avgdl); // "returns" has 8 terms, each tf = 1
        double expected = (idfRefund + idfWithin + idfDays) * (1 * 2.2) / (1 + norm);

        assertThat(index.score("refund within days", "returns")).isCloseTo(expected, within(1e-9));
        assertThat(expected).isCloseTo(1.4888018383719792, within(1e-12)); // the same formula, evaluated in Python
    }

    @Test
    void ranksShorterDocumentsAndRarerTermsFirst() {
        assertThat(index.search("refund within days", 10))
                .extracting(SearchHit::id)
                .containsExactly("returns", "refunds", "shipping");
        // "refunds" mentions refunds twice but "refund" once, like "returns": the shorter document wins
        assertThat(index.search("refund", 10)).extracting(SearchHit::id).containsExactly("returns", "refunds");
        // tf saturates: two mentions score higher than one, but less than twice as high
        double twice = index.score("shipping", "shipping");
        double once = index.score("ship", "shipping");
        assertThat(twice).isGreaterThan(once).isLessThan(2 * once);
        assertThat(index.search("warranty defects", 10))
                .extracting(SearchHit::id)
                .containsExactly("warranty");
        assertThat(index.search("the of and", 10)).isEmpty();
        assertThat(index.search("refund within days", 2)).hasSize(2);
    }

    @Test
    void rejectsDuplicateIdsAndUnknownDocuments() {
        assertThatThrownBy(() -> Bm25Index.of(List.of(new Document("a", "", "x"), new Document("a", "", "y"))))
                .hasMessage("Two documents have the id 'a'");
        assertThatThrownBy(() -> index.score("x", "nope")).hasMessage("No document has the id 'nope'");
        assertThat(Bm25Index.of(List.of()).search("anything", 3)).isEmpty();
    }

    @Test
    void theToolReturnsTheBestDocumentsAsJsonWithScores() {
        Tool search = SearchTool.over(HANDBOOK);

        JsonNode hits = Json.read(search.invoke("{\"query\": \"refund within days\", \"limit\": 2}"));

        assertThat(hits).hasSize(2);
        assertThat(hits.get(0).path("id").asText()).isEqualTo("returns");
        assertThat(hits.get(0).path("title").asText()).isEqualTo("Returns");
        assertThat(hits.get(0).path("text").asText()).isEqualTo("Return any item within 30 days for a refund.");
        assertThat(hits.get(0).path("score").asDouble())
                .isCloseTo(index.score("refund within days", "returns"), within(1e-9));
        assertThat(Json.read(search.invoke("{\"query\": \"within\"}"))).hasSize(SearchTool.DEFAULT_LIMIT);
        assertThat(search.invoke("{\"query\": \"zebra\"}")).isEqualTo("[]");
    }

    @Test
    void theToolChecksItsArguments() {
        Tool search = SearchTool.over(HANDBOOK);

        assertThatThrownBy(() -> search.invoke("{\"limit\": 0}"))
                .isInstanceOfSatisfying(
                        ToolException.class, e -> assertThat(e.kind()).isEqualTo(ToolError.Kind.INVALID_ARGUMENTS))
                .hasMessage("The arguments of search do not match its parameters schema: $.query is required; "
                        + "$.limit must be at least 1, got 0");
        assertThatThrownBy(() -> SearchTool.over(HANDBOOK, 0)).hasMessageContaining("between 1 and 20");
    }
}
