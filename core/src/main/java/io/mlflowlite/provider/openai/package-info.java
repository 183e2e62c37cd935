/**
 * OpenAI's chat-completions and embeddings wire format: {@link io.mlflowlite.provider.openai.OpenAiWire}, the one
 * codec that the adapter and the gateway server share, and {@link io.mlflowlite.provider.openai.OpenAiProvider},
 * the adapter for OpenAI and every OpenAI-compatible server (Mistral, Ollama, vLLM, LM Studio, DeepSeek, Groq,
 * Together, OpenRouter, xAI), whose differences live in one package-private profile table.
 */
package io.mlflowlite.provider.openai;
