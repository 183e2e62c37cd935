/**
 * Agents: a model, a versioned prompt and tools running the provider-native tool-calling loop through the
 * gateway's one pipeline. {@link io.mlflowlite.agent.Agent} runs it and returns an
 * {@link io.mlflowlite.agent.AgentResult} (answer, steps, stop reason, tool errors, tokens, cost, latency, prompt
 * version, trace). {@link io.mlflowlite.agent.Tool}s are declared from a record of arguments, from
 * {@link io.mlflowlite.agent.AgentTool} methods ({@link io.mlflowlite.agent.Tools#from}) or from a JSON Schema you
 * write; arguments are checked against the schema before the tool runs. Built-in tools:
 * {@link io.mlflowlite.agent.Calculator} and {@link io.mlflowlite.agent.SearchTool} (BM25 over your documents,
 * {@link io.mlflowlite.agent.Bm25Index}). See docs/agent.md.
 */
package io.mlflowlite.agent;
