package io.mlflowlite.routing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * What the gateway server's admin API asks of model migrations ({@code mlflowlite migrate}): list them, show one
 * with its events and their evidence, and render its report. Implemented by the {@code mlflowlite-migrate} module
 * and handed to the server, which depends on core only; answers are JSON in the shape
 * {@code mlflowlite migrate … --output json} prints. Thread-safe; methods block on the migration store.
 */
public interface MigrationAdmin {
    /** Every migration, newest first: {@code {"migrations": [...]}}. */
    JsonNode list();

    /** One migration with its events, or empty when there is none with that id. */
    Optional<JsonNode> show(String id);

    /** One migration's report as a self-contained HTML page, or empty when there is none with that id. */
    Optional<String> reportHtml(String id);

    /** One migration's report as Markdown, or empty when there is none with that id. */
    Optional<String> reportMarkdown(String id);
}
