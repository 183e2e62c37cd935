package io.mlflowlite.agent;

import java.util.Objects;

/**
 * A document the {@code search} tool ranks. Immutable.
 *
 * @param id    a unique identifier, returned with each hit
 * @param title its title; indexed with the text; empty when it has none
 * @param text  its content
 */
public record Document(String id, String title, String text) {
    public Document {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("A document needs an id");
        }
        title = title == null ? "" : title;
        Objects.requireNonNull(text, "text");
    }
}
