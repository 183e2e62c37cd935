package io.mlflowlite.migrate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Migrations in memory: for tests and for a library without a store module. Thread-safe (one lock). */
public final class InMemoryMigrationStore implements MigrationStore {
    private final Map<String, Migration> migrations = new LinkedHashMap<>();
    private final Map<String, List<MigrationEvent>> events = new LinkedHashMap<>();

    @Override
    public synchronized void create(Migration migration, MigrationEvent created) {
        if (migrations.containsKey(migration.id())) {
            throw new MigrationStoreException("A migration " + migration.id() + " exists already");
        }
        migrations.put(migration.id(), migration);
        events.computeIfAbsent(migration.id(), id -> new ArrayList<>()).add(created);
    }

    @Override
    public synchronized Optional<Migration> get(String id) {
        return Optional.ofNullable(migrations.get(id));
    }

    @Override
    public synchronized List<Migration> list() {
        return migrations.values().stream()
                .sorted(Comparator.comparing(Migration::created)
                        .thenComparing(Migration::id)
                        .reversed())
                .toList();
    }

    @Override
    public synchronized boolean update(Migration next, MigrationEvent event) {
        Migration stored = migrations.get(next.id());
        if (stored == null || stored.version() != next.version() - 1) {
            return false;
        }
        migrations.put(next.id(), next);
        events.computeIfAbsent(next.id(), id -> new ArrayList<>()).add(event);
        return true;
    }

    @Override
    public synchronized void record(MigrationEvent event) {
        if (!migrations.containsKey(event.migration())) {
            throw new MigrationStoreException("No migration " + event.migration() + " to record an event for");
        }
        events.computeIfAbsent(event.migration(), id -> new ArrayList<>()).add(event);
    }

    @Override
    public synchronized List<MigrationEvent> events(String id) {
        return List.copyOf(events.getOrDefault(id, List.of()));
    }

    @Override
    public String describe() {
        return "memory";
    }

    @Override
    public void close() {}
}
