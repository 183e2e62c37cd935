package io.mlflowlite.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads test fixtures, real wire formats (JSON bodies, SSE transcripts) kept one file per case under
 * {@code src/test/resources}. Stateless and thread-safe.
 */
public final class Fixtures {

    private Fixtures() {}

    /**
     * The UTF-8 text of classpath resource {@code path}, for example {@code "openai/chat.json"} for
     * {@code src/test/resources/openai/chat.json}. A leading {@code /} is optional. Looks in the calling thread's
     * context class loader first (the caller's test resources), then in this library's.
     *
     * @throws IllegalArgumentException if there is no such resource; the message names the path
     * @throws UncheckedIOException if the resource cannot be read
     */
    public static String text(String path) {
        String name = path.startsWith("/") ? path.substring(1) : path;
        try (InputStream in = open(name)) {
            if (in == null) {
                throw new IllegalArgumentException("Fixture '" + name + "' is not on the classpath;"
                        + " expected a file such as src/test/resources/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read fixture '" + name + "'", e);
        }
    }

    private static InputStream open(String name) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        InputStream in = context == null ? null : context.getResourceAsStream(name);
        return in != null ? in : Fixtures.class.getClassLoader().getResourceAsStream(name);
    }
}
