package io.mlflowlite.routing;

/**
 * One thing wrong with a routing configuration, at a path into the file such as
 * {@code endpoints[2].model.provider}. Immutable.
 *
 * @param path    where, in the file's own key names; empty for the file as a whole (a YAML syntax error)
 * @param message what is wrong and, where possible, how to fix it
 */
public record ConfigProblem(String path, String message) {
    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }
}
