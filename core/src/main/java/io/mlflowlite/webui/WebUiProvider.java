package io.mlflowlite.webui;

/**
 * Creates the web UI; a module that has one lists its implementation in
 * {@code META-INF/services/io.mlflowlite.webui.WebUiProvider} ({@link java.util.ServiceLoader}).
 */
public interface WebUiProvider {
    WebUi create(WebUiContext context);
}
