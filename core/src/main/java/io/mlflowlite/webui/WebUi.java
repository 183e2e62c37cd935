package io.mlflowlite.webui;

/**
 * The browser UI (traces, evaluations, prompts, experiments, traffic), as a server hosts it under
 * {@link #ROOT}: the host hands each request below that path to {@link #handle} and sends back what it returns.
 * Implemented by the {@code mlflowlite-ui} module and found with {@link WebUis#load}, so the gateway server
 * serves it while depending on core only. Thread-safe; {@code handle} blocks on the stores.
 */
public interface WebUi extends AutoCloseable {
    /** Where the UI lives on a server: {@code /ui}. */
    String ROOT = "/ui";

    /** Answers one request; {@code request.path()} is relative to {@link #ROOT}. Never throws for bad input. */
    WebResponse handle(WebRequest request);

    /** Closes the stores the UI opened itself (not those its context handed it). */
    @Override
    void close();
}
