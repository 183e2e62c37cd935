/**
 * The {@code anthropic} wire format. {@link io.mlflowlite.provider.anthropic.AnthropicProvider} speaks Anthropic's
 * Messages API to an upstream and answers in OpenAI's shapes; {@link
 * io.mlflowlite.provider.anthropic.AnthropicVocabulary} publishes the mapping it uses (stop reasons, error types,
 * usage, thinking blocks, extension fields) for the gateway server's {@code /v1/messages} codec, which lives with
 * the server and speaks the same format the other way. Everything else in this package is an implementation
 * detail of the adapter.
 */
package io.mlflowlite.provider.anthropic;
