/**
 * Simulated models: the {@code mock} provider that answers offline, for the no-key default, demos, tests
 * and load benchmarks. They are clearly named simulations, never presented as real models.
 *
 * <ul>
 *   <li>{@link io.mlflowlite.provider.mock.MockProvider} — the {@link io.mlflowlite.provider.Provider} for
 *       wire {@code mock}: OpenAI-shaped responses and streams with real token counts, latency, tool calls,
 *       JSON output and injected faults, deterministic in (model, messages, seed).</li>
 *   <li>{@link io.mlflowlite.provider.mock.MockModels} — the simulated models by name, bundled
 *       ({@code mini}, {@code balanced}, {@code pro}, {@code next}, {@code flaky}, {@code echo}) or loaded from a JSON file
 *       whose format that class documents.</li>
 *   <li>{@link io.mlflowlite.provider.mock.MockModelSpec} — one model's latency, speed, accuracy and fault
 *       rates.</li>
 *   <li>{@link io.mlflowlite.provider.mock.KnowledgeSet} — the general-knowledge questions the models answer
 *       (bundled {@code knowledge.jsonl}: one {@code {"question","answer","category"}} object per line),
 *       also usable as an evaluation dataset.</li>
 *   <li>The simulated world (docs/simulated-world.md): labelled task rows in the bundled {@code datasets/*.jsonl}
 *       and a package-private profile per model in {@code world.json} (accuracy per task, time-to-first-token
 *       factor, format compliance, prompt-feature effects). A request quoting a row's question is answered from the
 *       row's truth with stratified seeded draws; nothing outside this package reads a profile.</li>
 * </ul>
 *
 * <p>Embeddings from this provider are pseudo-embeddings (hashed bag of words): deterministic and
 * L2-normalized, but not semantic. Use a real embedding model wherever meaning matters.
 */
package io.mlflowlite.provider.mock;
