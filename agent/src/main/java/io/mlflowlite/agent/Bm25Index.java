package io.mlflowlite.agent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An in-memory BM25 ranking over documents you supply: the ranking behind the {@link SearchTool}.
 *
 * <p>Text (a document's title and text together, or a query) is lower-cased, split on every character that is
 * not a letter or digit, and stripped of {@link #STOP_WORDS}; there is no stemming. A document's score for a
 * query is the sum over the query's distinct terms t of
 * <pre>
 *   idf(t) · tf · (k1 + 1) / (tf + k1 · (1 − b + b · |d| / avgdl))
 *   idf(t) = ln(1 + (N − n(t) + 0.5) / (n(t) + 0.5))
 * </pre>
 * with tf the term's count in the document, |d| its length in terms, avgdl the mean length, N the number of
 * documents and n(t) how many contain t; k1 = {@value #K1}, b = {@value #B}. This idf (Lucene's) stays positive
 * for terms in most documents, so a match never lowers a score.
 *
 * <p>Immutable after construction and thread-safe; searching is CPU only, linear in the documents holding a
 * query term.
 */
public final class Bm25Index {
    /** Term-frequency saturation. */
    public static final double K1 = 1.2;
    /** Length normalization. */
    public static final double B = 0.75;
    /** The English stop words dropped from documents and queries (Lucene's classic set). */
    public static final Set<String> STOP_WORDS = Set.of(
            "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no", "not",
            "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was",
            "will", "with");

    private final List<Document> documents;
    private final List<Map<String, Integer>> termCounts = new ArrayList<>();
    private final int[] lengths;
    private final Map<String, Integer> documentFrequency = new HashMap<>();
    private final double averageLength;

    private Bm25Index(List<Document> documents) {
        this.documents = List.copyOf(documents);
        this.lengths = new int[this.documents.size()];
        Set<String> ids = new HashSet<>();
        long total = 0;
        for (int i = 0; i < this.documents.size(); i++) {
            Document document = this.documents.get(i);
            if (!ids.add(document.id())) {
                throw new IllegalArgumentException("Two documents have the id '" + document.id() + "'");
            }
            List<String> terms = tokenize(document.title() + "\n" + document.text());
            Map<String, Integer> counts = new HashMap<>();
            terms.forEach(t -> counts.merge(t, 1, Integer::sum));
            counts.keySet().forEach(t -> documentFrequency.merge(t, 1, Integer::sum));
            termCounts.add(counts);
            lengths[i] = terms.size();
            total += terms.size();
        }
        this.averageLength = this.documents.isEmpty() ? 0 : (double) total / this.documents.size();
    }

    /**
     * An index over {@code documents} (copied; ids must be unique).
     *
     * @throws IllegalArgumentException when two documents share an id
     */
    public static Bm25Index of(List<Document> documents) {
        return new Bm25Index(documents);
    }

    /** The terms of {@code text} in order: lower-cased, split on non-letters/digits, stop words dropped. */
    public static List<String> tokenize(String text) {
        List<String> terms = new ArrayList<>();
        String lower = text.toLowerCase(Locale.ROOT);
        int start = -1;
        for (int i = 0; i <= lower.length(); ) {
            int cp = i < lower.length() ? lower.codePointAt(i) : ' ';
            if (Character.isLetterOrDigit(cp)) {
                if (start < 0) {
                    start = i;
                }
            } else if (start >= 0) {
                String term = lower.substring(start, i);
                if (!STOP_WORDS.contains(term)) {
                    terms.add(term);
                }
                start = -1;
            }
            i += i < lower.length() ? Character.charCount(cp) : 1;
        }
        return terms;
    }

    /** The indexed documents, in the order given. */
    public List<Document> documents() {
        return documents;
    }

    /** The {@code limit} best documents for {@code query}, best first (ties in document order); only those scoring above 0. */
    public List<SearchHit> search(String query, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        Set<String> terms = new LinkedHashSet<>(tokenize(query));
        List<SearchHit> hits = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            double score = score(terms, i);
            if (score > 0) {
                Document d = documents.get(i);
                hits.add(new SearchHit(d.id(), d.title(), d.text(), score));
            }
        }
        // a stable sort keeps document order among equal scores
        hits.sort(Comparator.comparingDouble(SearchHit::score).reversed());
        return List.copyOf(hits.subList(0, Math.min(limit, hits.size())));
    }

    /** The BM25 score of the document {@code id} for {@code query}; 0 when no query term is in it. */
    public double score(String query, String id) {
        for (int i = 0; i < documents.size(); i++) {
            if (documents.get(i).id().equals(id)) {
                return score(new LinkedHashSet<>(tokenize(query)), i);
            }
        }
        throw new IllegalArgumentException("No document has the id '" + id + "'");
    }

    private double score(Set<String> terms, int doc) {
        double score = 0;
        Map<String, Integer> counts = termCounts.get(doc);
        double n = documents.size();
        for (String term : terms) {
            Integer tf = counts.get(term);
            if (tf == null) {
                continue;
            }
            int df = documentFrequency.get(term);
            double idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
            double norm = K1 * (1 - B + B * lengths[doc] / averageLength);
            score += idf * tf * (K1 + 1) / (tf + norm);
        }
        return score;
    }
}
