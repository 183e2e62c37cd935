package io.mlflowlite.experiments;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Experiments in memory: for tests and for a library without a store module. Thread-safe (one lock). */
public final class InMemoryExperimentStore implements ExperimentStore {
    private final Map<String, Experiment> experiments = new LinkedHashMap<>();
    private final Map<String, List<Transition>> transitions = new LinkedHashMap<>();

    @Override
    public synchronized void create(Experiment experiment, Transition created) {
        if (experiments.containsKey(experiment.name())) {
            throw new ExperimentStoreException("An experiment called '" + experiment.name()
                    + "' exists already: pick another name, or delete it first");
        }
        experiments.put(experiment.name(), experiment);
        transitions.computeIfAbsent(experiment.name(), n -> new ArrayList<>()).add(created);
    }

    @Override
    public synchronized Optional<Experiment> get(String name) {
        return Optional.ofNullable(experiments.get(name));
    }

    @Override
    public synchronized List<Experiment> list() {
        return experiments.values().stream()
                .sorted(Comparator.comparing(Experiment::created).reversed())
                .toList();
    }

    @Override
    public synchronized boolean update(Experiment next, Transition transition) {
        Experiment stored = experiments.get(next.name());
        if (stored == null || stored.version() != next.version() - 1) {
            return false;
        }
        experiments.put(next.name(), next);
        transitions.computeIfAbsent(next.name(), n -> new ArrayList<>()).add(transition);
        return true;
    }

    @Override
    public synchronized List<Transition> transitions(String name) {
        return List.copyOf(transitions.getOrDefault(name, List.of()));
    }

    @Override
    public synchronized boolean delete(String name) {
        transitions.remove(name);
        return experiments.remove(name) != null;
    }

    @Override
    public String describe() {
        return "memory";
    }

    @Override
    public void close() {}
}
