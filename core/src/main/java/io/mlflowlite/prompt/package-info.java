/**
 * The prompt registry: {@link io.mlflowlite.prompt.PromptTemplate}s with {@code {{var}}} variables, immutable
 * {@link io.mlflowlite.prompt.PromptVersion}s with commit messages and movable aliases, loaded by
 * {@link io.mlflowlite.prompt.PromptUri} ({@code prompts:/name/3}, {@code prompts:/name@production}) through a
 * {@link io.mlflowlite.prompt.PromptRegistry} over a {@link io.mlflowlite.prompt.PromptStore}.
 */
package io.mlflowlite.prompt;
