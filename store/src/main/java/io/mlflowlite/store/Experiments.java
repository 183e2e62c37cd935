package io.mlflowlite.store;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;

/**
 * Experiment ids by name, created on first use. Thread-safe; ids are cached once committed, and experiments
 * are never deleted by this store, so a cached id stays valid.
 */
final class Experiments {
    private final Map<String, String> ids = new ConcurrentHashMap<>();

    /**
     * The ids of {@code names}, creating the missing experiments on {@code handle} in their own transaction
     * (an experiment without traces is harmless, and it keeps the trace transaction free of reads). Another
     * writer (process or replica) may create the same name at the same time; the unique name decides.
     */
    Map<String, String> ids(Handle handle, Set<String> names) {
        Map<String, String> found = new HashMap<>();
        Map<String, String> missing = new HashMap<>();
        for (String name : names) {
            String id = ids.get(name);
            if (id != null) {
                found.put(name, id);
            } else {
                missing.put(name, null);
            }
        }
        if (missing.isEmpty()) {
            return found;
        }
        handle.useTransaction(h -> {
            for (String name : missing.keySet()) {
                h.createUpdate("INSERT INTO experiments (id, name, created) VALUES (:id, :name, :created) "
                                + "ON CONFLICT (name) DO NOTHING")
                        .bind("id", UUID.randomUUID().toString().replace("-", ""))
                        .bind("name", name)
                        .bind("created", System.currentTimeMillis())
                        .execute();
                missing.put(
                        name,
                        h.createQuery("SELECT id FROM experiments WHERE name = :name")
                                .bind("name", name)
                                .mapTo(String.class)
                                .one());
            }
        });
        ids.putAll(missing);
        found.putAll(missing);
        return found;
    }
}
