package io.mlflowlite.experiments;

import java.util.List;
import java.util.Optional;

/**
 * Where experiments and their transitions live: SQLite or PostgreSQL (module {@code store}), or memory. Shared
 * by every replica of a gateway: state is read from here, and a change is written only over the version it was
 * made from, so two replicas deciding at once cannot both apply. Implementations are thread-safe; every method
 * blocks on I/O and throws {@link ExperimentStoreException} saying what to fix when the store fails.
 */
public interface ExperimentStore extends AutoCloseable {
    /**
     * Stores a new experiment (version 1) and its {@code created} transition.
     *
     * @throws ExperimentStoreException when an experiment of that name exists
     */
    void create(Experiment experiment, Transition created);

    /** The experiment called {@code name}. */
    Optional<Experiment> get(String name);

    /** Every experiment, newest first. */
    List<Experiment> list();

    /**
     * Replaces the stored experiment with {@code next} and records {@code transition}, in one transaction, only
     * if the stored version is still {@code next.version() - 1}.
     *
     * @return false when another writer changed it first (nothing is written)
     */
    boolean update(Experiment next, Transition transition);

    /** The experiment's transitions, oldest first. */
    List<Transition> transitions(String name);

    /** Deletes the experiment and its transitions; whether it existed. */
    boolean delete(String name);

    /** A short description for messages: {@code sqlite:mlflowlite.db}. */
    String describe();

    @Override
    void close();
}
