package io.mlflowlite.cli;

import io.mlflowlite.error.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a file the user named on the command line, refusing what is not one: a missing path, a folder, or a device
 * that never ends ({@code /dev/zero} would be read until the heap ran out). Each refusal is one line naming the
 * option and the path.
 */
final class InputFiles {
    /** The largest file read whole: far above any template or configuration, far below the heap. */
    static final int MAX_BYTES = 16 * 1024 * 1024;

    private InputFiles() {}

    static String readText(Path file, String option) {
        if (!Files.exists(file)) {
            throw new ConfigurationException(option + " " + file + ": no such file");
        }
        if (Files.isDirectory(file)) {
            throw new ConfigurationException(option + " " + file + ": is a folder, not a file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new ConfigurationException(option + " " + file + ": more than " + MAX_BYTES / (1024 * 1024)
                        + " MiB; is it the file you meant?");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(option + " " + file + ": cannot be read", e);
        }
    }
}
