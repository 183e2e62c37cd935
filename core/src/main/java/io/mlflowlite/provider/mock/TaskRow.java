package io.mlflowlite.provider.mock;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One labelled row of the simulated world's datasets, as the mock provider knows its truth.
 *
 * @param family       the dataset it comes from: factual, arithmetic, word_problems, extraction, summarization or
 *                     classification
 * @param subset       the profile key its accuracy is read from: the family, or {@code extraction_long} for an
 *                     extraction of {@value #LONG_EXTRACTION_FIELDS} fields or more
 * @param question     the row's {@code inputs.question}, whitespace collapsed: what a request must contain
 * @param expected     {@code expectations.expected_response} (the answer, label or reference summary); null for
 *                     extraction
 * @param category     a factual row's category (wrong answers come from the same category)
 * @param labels       a classification row's labels
 * @param expectedJson an extraction row's expected object
 * @param facts        a summarization row's required key facts
 */
record TaskRow(
        String family,
        String subset,
        String question,
        String expected,
        String category,
        List<String> labels,
        JsonNode expectedJson,
        List<String> facts) {
    /** Extractions of this many fields or more are "long". */
    static final int LONG_EXTRACTION_FIELDS = 5;

    TaskRow {
        labels = List.copyOf(labels);
        facts = List.copyOf(facts);
    }
}
