package io.mlflowlite.embed;

/**
 * The cut-offs of offline judging, on all-MiniLM-L6-v2 cosine similarity. Calibrated on sentence pairs in
 * {@code OfflineJudgeCalibrationTest}: paraphrases score 0.85–0.99, an answer and its question 0.5–0.9,
 * same-topic statements of different facts 0.45–0.75, unrelated sentences below 0.1. Similarity cannot tell
 * "Paris" from "Lyon" (0.74) or 1889 from 1999 (0.83), which is why every support check also demands the
 * claim's numbers and names literally and the same polarity (negation) as its closest evidence.
 */
final class Thresholds {
    /** A response matches the expected response on meaning alone. */
    static final double SAME_ANSWER = 0.75;
    /** A response that names every key term of the expected response needs only this much similarity. */
    static final double SAME_ANSWER_WITH_TERMS = 0.5;
    /** A claim (an expected fact, a response sentence) is supported by its closest evidence sentence. */
    static final double SUPPORTED = 0.6;
    /** A claim sharing {@link #OVERLAP} of its content words with the evidence needs only this much. */
    static final double SUPPORTED_WITH_OVERLAP = 0.35;
    /** Share of a claim's content words found in the evidence for {@link #SUPPORTED_WITH_OVERLAP}. */
    static final double OVERLAP = 0.75;
    /** A response is about the request (relevant answers score 0.45 and up, off-topic ones below 0.1). */
    static final double RELEVANT = 0.3;
    /** A guideline's "mention X" is met by a sentence this close to X. */
    static final double MENTIONS = 0.6;
    /** Conciseness: at most this many times the expected response's words ... */
    static final int EXPECTED_LENGTH_FACTOR = 3;
    /** ... with at least this many words of slack for short expected answers. */
    static final int EXPECTED_LENGTH_SLACK = 20;
    /** Conciseness without an expected response: this many words per word of the request ... */
    static final int REQUEST_LENGTH_FACTOR = 6;
    /** ... but never less than this ... */
    static final int MIN_WORD_CAP = 40;
    /** ... nor more than this; and the cap when there is no request either. */
    static final int MAX_WORD_CAP = 250;
    /** Conciseness: the budget of the answer to a factual question (what, who, when, is, how many …). */
    static final int FACTUAL_WORD_CAP = 40;
    /** Faithfulness: a clause with this many content words new to the context (and mostly new) needs support. */
    static final int NOVEL_WORDS = 3;
    /** Conciseness: two sentences of a response this similar say the same thing. */
    static final double REPEATED = 0.8;

    private Thresholds() {}
}
