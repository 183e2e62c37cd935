/**
 * The {@code anthropic} wire format, both ways. {@link io.mlflowlite.provider.anthropic.AnthropicProvider} speaks
 * Anthropic's Messages API to an upstream and answers in OpenAI's shapes;
 * {@link io.mlflowlite.provider.anthropic.AnthropicWire} and
 * {@link io.mlflowlite.provider.anthropic.AnthropicSseWriter} read Messages requests from clients and write
 * messages, event streams and errors back to them (the gateway's {@code /v1/messages}). Everything else in this
 * package is an implementation detail of those.
 */
package io.mlflowlite.provider.anthropic;
