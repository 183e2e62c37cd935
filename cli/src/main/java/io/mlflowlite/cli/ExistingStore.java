package io.mlflowlite.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Read-only commands (list, show, export, diff, compare) must not leave an empty database behind where nothing was
 * recorded: opening a SQLite URL creates its file. They check here first and say where they looked.
 */
final class ExistingStore {
    private static final String SQLITE = "jdbc:sqlite:";

    private ExistingStore() {}

    /** Throws {@link NotFoundException} when {@code url} is a SQLite file that does not exist (yet). */
    static void require(String url) {
        file(url).filter(file -> !Files.exists(file)).ifPresent(file -> {
            throw new NotFoundException("No store found: looked for "
                    + file.toAbsolutePath().normalize()
                    + " (" + url + ", from --store, else $MLFLOWLITE_STORE, else the default). Nothing has been "
                    + "recorded there yet; run a command that records (mlflowlite query \"Hello\", eval run, "
                    + "prompts register, keys create) or point --store at an existing store.");
        });
    }

    /** The file of a SQLite URL; empty for in-memory SQLite and for other databases. */
    static java.util.Optional<Path> file(String url) {
        if (url == null || !url.startsWith(SQLITE)) {
            return java.util.Optional.empty();
        }
        String rest = url.substring(SQLITE.length());
        int query = rest.indexOf('?');
        if (query >= 0) {
            rest = rest.substring(0, query);
        }
        if (rest.startsWith("file:")) {
            rest = rest.substring("file:".length());
        }
        if (rest.isBlank() || rest.startsWith(":memory:") || rest.contains("mode=memory")) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(Path.of(rest));
    }
}
