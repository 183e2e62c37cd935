package io.mlflowlite.tracing;

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
 * replay in progress), writes its traces to the store a batch at a time, then deletes it. A process killed at any point leaves
 * files that the next start replays; a line cut short by the kill is skipped and counted. Thread-safe.
 */
final class SpillFile {
    private static final String CURRENT = "spill.jsonl";

    private final Path dir;
    private FileChannel channel;
    /** The file {@link #replayBatch} is part-way through, its reader, and the unreadable lines met so far. */
    private Path replaying;

    private BufferedReader reader;
    private long replayingBad;

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
     * Replays the next batch of up to {@code batchSize} traces, and fewer once their lines reach {@code maxChars}
     * characters (large traces are replayed a few at a time), through {@code writer}: from the file a previous
     * call stopped in, else the oldest pending file (the current one is moved aside first when it is the only
     * one). A file is deleted once all its traces were written, and {@code corrupt} then receives the count of
     * its unreadable lines. When {@code writer} throws (or reading runs out of memory), the file stays and is
     * replayed from its start by a later call (the store replaces a trace id it already holds). Returns the
     * traces written, 0 when nothing is pending. Called by one thread (the trace writer's).
     */
    int replayBatch(int batchSize, long maxChars, Consumer<List<Trace>> writer, Consumer<Long> corrupt)
            throws IOException {
        if (replaying == null && !startNextFile()) {
            return 0;
        }
        List<Trace> batch = new ArrayList<>(Math.min(batchSize, 1024));
        String line = null;
        long chars = 0;
        boolean read = false;
        try {
            while (batch.size() < batchSize && chars < maxChars && (line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                chars += line.length();
                try {
                    batch.add(TraceJson.fromJson(Json.MAPPER.readTree(line)));
                } catch (IOException | RuntimeException unreadable) {
                    replayingBad++; // the tail of a line cut by a crash
                }
            }
            if (!batch.isEmpty()) {
                writer.accept(batch);
            }
            read = true;
        } finally {
            if (!read) {
                stopReplaying();
            }
        }
        if (line == null) { // the file's end: everything in it was written
            long bad = replayingBad;
            Path done = replaying;
            stopReplaying();
            if (bad > 0) {
                corrupt.accept(bad);
            }
            Files.delete(done);
        }
        return batch.size();
    }

    /** Opens the oldest pending file for replay; false when there is none. */
    private boolean startNextFile() throws IOException {
        Path next = oldestAside();
        if (next == null) {
            rotate();
            next = oldestAside();
        }
        if (next == null) {
            return false;
        }
        reader = Files.newBufferedReader(next, StandardCharsets.UTF_8);
        replaying = next;
        replayingBad = 0;
        return true;
    }

    /** The oldest pending file other than the one appends go to, or null. */
    private Path oldestAside() {
        for (Path file : pendingFiles()) {
            if (!file.getFileName().toString().equals(CURRENT)) {
                return file;
            }
        }
        return null;
    }

    private void stopReplaying() {
        try {
            if (reader != null) {
                reader.close();
            }
        } catch (IOException ignored) {
            // only read from: nothing was lost
        }
        reader = null;
        replaying = null;
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
        stopReplaying();
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
