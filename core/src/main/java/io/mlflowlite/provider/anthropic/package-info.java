/**
 * The {@code anthropic} wire format: {@link io.mlflowlite.provider.anthropic.AnthropicProvider} speaks
 * Anthropic's Messages API and answers in OpenAI's shapes. Everything else in this package is an
 * implementation detail of that adapter.
 */
package io.mlflowlite.provider.anthropic;
