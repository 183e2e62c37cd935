package io.mlflowlite.routing;

import io.mlflowlite.error.ConfigurationException;
import java.util.List;

/**
 * A routing configuration is invalid. Lists every problem found, not just the first, each with its path;
 * the message shows them all. Nothing was applied: the gateway keeps serving its previous configuration.
 */
public final class RoutingConfigException extends ConfigurationException {
    private final String source;
    private final List<ConfigProblem> problems;

    /** {@code problems} of the configuration read from {@code source} (a path, or null for one built in code). */
    public RoutingConfigException(String source, List<ConfigProblem> problems) {
        super(message(source, problems));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    private static String message(String source, List<ConfigProblem> problems) {
        StringBuilder text = new StringBuilder("Invalid routing configuration");
        if (source != null) {
            text.append(" in ").append(source);
        }
        text.append(problems.size() == 1 ? " (1 problem):" : " (" + problems.size() + " problems):");
        for (ConfigProblem problem : problems) {
            text.append("\n  - ").append(problem);
        }
        return text.toString();
    }

    /** Where the configuration came from (a file path), or null for one built in code. */
    public String source() {
        return source;
    }

    /** Every problem, in file order. */
    public List<ConfigProblem> problems() {
        return problems;
    }
}
