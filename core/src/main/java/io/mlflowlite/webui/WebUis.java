package io.mlflowlite.webui;

import java.util.Optional;
import java.util.ServiceLoader;

/** Finds the web UI on the class path ({@code mlflowlite-ui}); hosts without it serve no UI. */
public final class WebUis {
    private WebUis() {}

    /** The UI made by the first {@link WebUiProvider} found, or empty when no module provides one. */
    public static Optional<WebUi> load(WebUiContext context) {
        return ServiceLoader.load(WebUiProvider.class, WebUis.class.getClassLoader())
                .findFirst()
                .map(p -> p.create(context));
    }

    /** Whether a UI module is on the class path. */
    public static boolean available() {
        return ServiceLoader.load(WebUiProvider.class, WebUis.class.getClassLoader())
                .findFirst()
                .isPresent();
    }
}
