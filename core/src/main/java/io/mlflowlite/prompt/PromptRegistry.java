package io.mlflowlite.prompt;

import io.mlflowlite.error.InvalidRequestException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * Registers, loads, aliases and compares prompt versions over a {@link PromptStore}. Names and aliases are
 * letters, digits, {@code _}, {@code -} and {@code .}; an alias is not all digits. {@code latest} is an implicit
 * alias of the newest version and cannot be set or deleted. Every "not found" is a
 * {@link PromptNotFoundException} whose message lists what exists.
 *
 * <p>Thread-safe; every method blocks on the store. Aliases are read from the store on every {@link #load}, so
 * moving one is seen by the next call on every replica sharing the store.
 */
public final class PromptRegistry {
    private final PromptStore store;
    private final Clock clock;

    /** A registry over {@code store}. */
    public PromptRegistry(PromptStore store) {
        this(store, Clock.systemUTC());
    }

    /** A registry over {@code store} stamping versions with {@code clock}'s time. */
    public PromptRegistry(PromptStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A registry over a new {@link InMemoryPromptStore}. */
    public static PromptRegistry inMemory() {
        return new PromptRegistry(new InMemoryPromptStore());
    }

    /** The store behind this registry. */
    public PromptStore store() {
        return store;
    }

    /**
     * Registers {@code draft} as its name's next version (1 for a new name).
     *
     * @throws InvalidRequestException for an invalid name, or a name that holds templates of the other type
     */
    public PromptVersion register(PromptDraft draft) {
        checkName(draft.name());
        store.type(draft.name()).filter(t -> t != draft.template().type()).ifPresent(t -> {
            throw typeClash(draft.name(), t, draft.template().type());
        });
        try {
            return store.create(draft, clock.instant());
        } catch (IllegalArgumentException e) {
            // another caller registered the other type first
            throw typeClash(
                    draft.name(),
                    store.type(draft.name()).orElse(draft.template().type()),
                    draft.template().type());
        }
    }

    /** Registers {@code template} under {@code name} with a commit message and nothing else. */
    public PromptVersion register(String name, PromptTemplate template, String commitMessage) {
        return register(
                PromptDraft.builder(name, template).commitMessage(commitMessage).build());
    }

    /**
     * The version {@code uri} points at: {@code prompts:/name/3}, {@code prompts:/name@alias} or
     * {@code prompts:/name@latest}.
     *
     * @throws InvalidRequestException   for a malformed URI
     * @throws PromptNotFoundException naming what exists when the name, version or alias does not
     */
    public PromptVersion load(String uri) {
        return load(PromptUri.parse(uri));
    }

    /** The version {@code uri} points at; see {@link #load(String)}. */
    public PromptVersion load(PromptUri uri) {
        if (uri.version() != null) {
            return get(uri.name(), uri.version());
        }
        if (PromptUri.LATEST.equals(uri.alias())) {
            return store.latest(uri.name()).orElseThrow(() -> unknownName(uri.name()));
        }
        Integer version = store.aliases(uri.name()).get(uri.alias());
        if (version == null) {
            requireName(uri.name());
            throw unknownAlias(uri.name(), uri.alias());
        }
        return get(uri.name(), version);
    }

    /** Version {@code version} of {@code name}; throws {@link PromptNotFoundException} listing what exists. */
    public PromptVersion get(String name, int version) {
        return store.get(name, version).orElseThrow(() -> {
            List<PromptVersion> all = requireName(name);
            return new PromptNotFoundException(
                    "Prompt '" + name + "' has no version " + version
                            + "; existing versions: "
                            + all.stream().map(v -> String.valueOf(v.version())).collect(Collectors.joining(", ")),
                    all.stream().map(v -> String.valueOf(v.version())).toList());
        });
    }

    /** Every version of {@code name}, oldest first; throws {@link PromptNotFoundException} for an unknown name. */
    public List<PromptVersion> versions(String name) {
        return requireName(name);
    }

    /** Prompt names containing {@code query} (case-insensitive; empty or null lists all), sorted. */
    public List<String> search(String query) {
        return store.names(query == null ? "" : query);
    }

    /**
     * Points {@code alias} at {@code version}, creating it or moving it from where it pointed.
     *
     * @return the version it pointed at before, if it existed
     * @throws InvalidRequestException for {@code latest}, a malformed alias or a version that does not exist
     *                                 (listing the existing ones)
     */
    public OptionalInt setAlias(String name, String alias, int version) {
        checkAlias(alias);
        get(name, version);
        Integer before = store.aliases(name).get(alias);
        store.setAlias(name, alias, version);
        return before == null ? OptionalInt.empty() : OptionalInt.of(before);
    }

    /**
     * Moves an existing alias to {@code version}.
     *
     * @return the version it pointed at before
     * @throws PromptNotFoundException listing the aliases when {@code alias} does not exist yet
     */
    public int moveAlias(String name, String alias, int version) {
        checkAlias(alias);
        if (!store.aliases(name).containsKey(alias)) {
            requireName(name);
            throw unknownAlias(name, alias);
        }
        return setAlias(name, alias, version).orElseThrow();
    }

    /**
     * Deletes {@code alias}.
     *
     * @throws InvalidRequestException for {@code latest}
     * @throws PromptNotFoundException listing the aliases when it does not exist
     */
    public void deleteAlias(String name, String alias) {
        checkAlias(alias);
        if (!store.deleteAlias(name, alias)) {
            requireName(name);
            throw unknownAlias(name, alias);
        }
    }

    /** The explicit aliases of {@code name} and their versions, sorted by alias ({@code latest} is not listed). */
    public Map<String, Integer> aliases(String name) {
        requireName(name);
        return store.aliases(name);
    }

    /** What changed from version {@code from} to version {@code to} of {@code name}. */
    public PromptDiff diff(String name, int from, int to) {
        return PromptDiff.between(get(name, from), get(name, to));
    }

    private List<PromptVersion> requireName(String name) {
        List<PromptVersion> all = store.versions(name);
        if (all.isEmpty()) {
            throw unknownName(name);
        }
        return all;
    }

    private PromptNotFoundException unknownName(String name) {
        List<String> known = store.names("");
        return new PromptNotFoundException(
                "No prompt named '" + name + "' in " + store.describe() + "; "
                        + (known.isEmpty()
                                ? "the registry holds no prompts yet"
                                : "known prompts: " + String.join(", ", known)),
                known);
    }

    private PromptNotFoundException unknownAlias(String name, String alias) {
        List<String> names = new ArrayList<>();
        List<String> shown = new ArrayList<>();
        int latest = store.latest(name).map(PromptVersion::version).orElse(0);
        names.add(PromptUri.LATEST);
        shown.add(PromptUri.LATEST + " -> " + latest + " (implicit)");
        store.aliases(name).forEach((a, v) -> {
            names.add(a);
            shown.add(a + " -> " + v);
        });
        return new PromptNotFoundException(
                "Prompt '" + name + "' has no alias '" + alias + "'; existing aliases: " + String.join(", ", shown),
                names);
    }

    private static InvalidRequestException typeClash(String name, PromptType held, PromptType given) {
        return new InvalidRequestException(
                "Prompt '" + name + "' holds " + held.key() + " templates; a " + given.key()
                        + " template needs another name",
                "template");
    }

    private static void checkName(String name) {
        if (name == null || !PromptUri.NAME.matcher(name).matches()) {
            throw new InvalidRequestException(
                    "Invalid prompt name '" + name + "': use letters, digits, _, - and . "
                            + "(not starting with - or .)",
                    "name");
        }
    }

    private static void checkAlias(String alias) {
        if (PromptUri.LATEST.equals(alias)) {
            throw new InvalidRequestException(
                    "'latest' is reserved: it always points at the newest version and "
                            + "cannot be set, moved or deleted",
                    "alias");
        }
        if (alias == null
                || !PromptUri.NAME.matcher(alias).matches()
                || alias.chars().allMatch(Character::isDigit)) {
            throw new InvalidRequestException(
                    "Invalid alias '" + alias + "': use letters, digits, _, - and ., " + "not only digits", "alias");
        }
    }
}
