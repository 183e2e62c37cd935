/**
 * Local, offline models: the real all-MiniLM-L6-v2 sentence encoder ({@link io.mlflowlite.embed.MiniLmEmbedder})
 * and the in-process {@code local} provider ({@link io.mlflowlite.embed.LocalProviderPlugin}) serving
 * {@code local/all-minilm-l6-v2} embeddings and the offline judge {@code local/judge}. Putting this module on the
 * classpath is all it takes; see {@code docs/embeddings.md}. Every other type here is package-private.
 */
package io.mlflowlite.embed;
