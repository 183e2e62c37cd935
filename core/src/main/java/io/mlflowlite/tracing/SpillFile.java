package io.mlflowlite.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Append-only JSON-lines files holding traces the store could not take. New traces go to
 * {@code spill.jsonl}; replay first renames it to {@code spill-<n>.replaying} (so new spills never mix with a
 * replay in progress), writes its traces to the store, then deletes it. A process killed at any point leaves
 * files that the next start replays; a line cut short by the kill is skipped and counted. Thread-safe.
 */
final class SpillFile {
    private static final String CURRENT = "spill.jsonl";

    private final Path dir;
    private FileChannel channel;

    SpillFile(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** Appends traces, one JSON line each; the bytes are in the file (the OS's cache) when this returns. */
    synchronized void append(List<Trace> traces) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (Trace trace : traces) {
            lines.append(TraceJson.toText(trace)).append('\n');
        }
        ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
        FileChannel out = channel();
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
    }

    private FileChannel channel() throws IOException {
        if (channel == null || !channel.isOpen()) {
            Files.createDirectories(dir);
            channel = FileChannel.open(
                    dir.resolve(CURRENT),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        }
        return channel;
    }

    /** Whether there is anything to replay. */
    synchronized boolean hasPending() {
        return !pendingFiles().isEmpty();
    }

    /**
     * Replays every pending file through {@code writer} in batches; a file is deleted once all its traces were
     * written. Stops at the first write failure (the file stays for the next replay). Returns traces replayed;
     * {@code corrupt} receives the count of unreadable lines.
     */
    long replay(int batchSize, Consumer<List<Trace>> writer, Consumer<Long> corrupt) throws IOException {
        rotate();
        long replayed = 0;
        for (Path file : pendingFiles()) {
            if (file.getFileName().toString().equals(CURRENT)) {
                continue;
            }
            List<Trace> batch = new ArrayList<>(batchSize);
            long bad = 0;
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    try {
                        JsonNode node = Json.MAPPER.readTree(line);
                        batch.add(TraceJson.fromJson(node));
                    } catch (IOException | RuntimeException unreadable) {
                        bad++; // the tail of a line cut by a crash
                    }
                    if (batch.size() == batchSize) {
                        writer.accept(batch);
                        replayed += batch.size();
                        batch = new ArrayList<>(batchSize);
                    }
                }
            }
            if (!batch.isEmpty()) {
                writer.accept(batch);
                replayed += batch.size();
            }
            if (bad > 0) {
                corrupt.accept(bad);
            }
            Files.delete(file);
        }
        return replayed;
    }

    /** Moves the current file aside so appends start a new one. */
    private synchronized void rotate() throws IOException {
        Path current = dir.resolve(CURRENT);
        if (channel != null) {
            channel.close();
            channel = null;
        }
        if (Files.exists(current) && Files.size(current) > 0) {
            Path target = dir.resolve("spill-" + System.nanoTime() + ".replaying");
            Files.move(current, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private List<Path> pendingFiles() {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "spill*")) {
            for (Path p : stream) {
                try {
                    if (Files.size(p) > 0) {
                        files.add(p);
                    }
                } catch (IOException vanished) {
                    // deleted by a concurrent replay
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.sort(null);
        return files;
    }

    synchronized void close() {
        try {
            if (channel != null) {
                channel.force(true);
                channel.close();
            }
        } catch (IOException ignored) {
            // closing at shutdown: nothing more to do
        }
    }
}
