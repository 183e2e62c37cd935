package io.mlflowlite.ui;

import io.mlflowlite.webui.WebUi;
import io.mlflowlite.webui.WebUiContext;
import io.mlflowlite.webui.WebUiProvider;
import java.time.Clock;

/** The web UI for {@link io.mlflowlite.webui.WebUis#load}: registered in {@code META-INF/services}. */
public final class UiProvider implements WebUiProvider {
    @Override
    public WebUi create(WebUiContext context) {
        return new WebPages(new UiStores(context), context, Clock.systemUTC());
    }
}
