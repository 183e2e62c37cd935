package io.mlflowlite.tracing;

/** What a span stands for, with MLflow's names so traces land in MLflow unchanged. */
public enum SpanType {
    CHAT_MODEL,
    LLM,
    AGENT,
    TOOL,
    CHAIN,
    EMBEDDING,
    RETRIEVER,
    PARSER,
    RERANKER,
    UNKNOWN
}
