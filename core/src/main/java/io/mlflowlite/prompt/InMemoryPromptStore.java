package io.mlflowlite.prompt;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Prompts in this process's memory, lost when it exits: for tests, examples and single-process use. Thread-safe
 * (one lock; registrations are rare); never blocks on I/O.
 */
public final class InMemoryPromptStore implements PromptStore {
    private final Map<String, List<PromptVersion>> versions = new HashMap<>();
    private final Map<String, Map<String, Integer>> aliases = new HashMap<>();

    @Override
    public synchronized PromptVersion create(PromptDraft draft, Instant created) {
        List<PromptVersion> existing = versions.computeIfAbsent(draft.name(), n -> new ArrayList<>());
        if (!existing.isEmpty()
                && existing.get(0).template().type() != draft.template().type()) {
            throw new IllegalArgumentException("Prompt '" + draft.name() + "' holds "
                    + existing.get(0).template().type().key() + " templates, not "
                    + draft.template().type().key());
        }
        PromptVersion version = draft.toVersion(existing.size() + 1, created);
        existing.add(version);
        return version;
    }

    @Override
    public synchronized Optional<PromptType> type(String name) {
        return latest(name).map(v -> v.template().type());
    }

    @Override
    public synchronized Optional<PromptVersion> get(String name, int version) {
        List<PromptVersion> all = versions.getOrDefault(name, List.of());
        return version >= 1 && version <= all.size() ? Optional.of(all.get(version - 1)) : Optional.empty();
    }

    @Override
    public synchronized Optional<PromptVersion> latest(String name) {
        List<PromptVersion> all = versions.getOrDefault(name, List.of());
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    @Override
    public synchronized List<PromptVersion> versions(String name) {
        return List.copyOf(versions.getOrDefault(name, List.of()));
    }

    @Override
    public synchronized List<String> names(String query) {
        String q = query == null ? "" : query.toLowerCase(Locale.ROOT);
        return versions.keySet().stream()
                .filter(n -> n.toLowerCase(Locale.ROOT).contains(q))
                .sorted()
                .toList();
    }

    @Override
    public synchronized void setAlias(String name, String alias, int version) {
        aliases.computeIfAbsent(name, n -> new TreeMap<>()).put(alias, version);
    }

    @Override
    public synchronized boolean deleteAlias(String name, String alias) {
        Map<String, Integer> of = aliases.get(name);
        return of != null && of.remove(alias) != null;
    }

    @Override
    public synchronized Map<String, Integer> aliases(String name) {
        return java.util.Collections.unmodifiableMap(new TreeMap<>(aliases.getOrDefault(name, Map.of())));
    }

    @Override
    public String describe() {
        return "memory";
    }

    @Override
    public void close() {}
}
