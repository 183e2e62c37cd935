package io.mlflowlite.agent;

/**
 * One ranked document of a {@link Bm25Index} search. Immutable.
 *
 * @param id    the document's id
 * @param title the document's title
 * @param text  the document's text
 * @param score its BM25 score for the query; higher is more relevant, always positive
 */
public record SearchHit(String id, String title, String text, double score) {}
