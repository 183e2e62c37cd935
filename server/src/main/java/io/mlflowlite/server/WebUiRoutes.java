package io.mlflowlite.server;

import io.mlflowlite.webui.WebRequest;
import io.mlflowlite.webui.WebResponse;
import io.mlflowlite.webui.WebUi;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The web UI under {@code /ui}: every GET and POST below it goes to the {@link WebUi} found on the class path
 * (module {@code mlflowlite-ui}), which answers pages, not API JSON. System routes: not counted as API work, not
 * admitted by API keys (the UI signs its visitors in itself).
 */
final class WebUiRoutes {
    /** The largest form the UI accepts (the login form is a few hundred bytes). */
    static final int MAX_FORM = 64 * 1024;

    private static final List<String> HEADERS = List.of("cookie", "content-type", "host", "origin", "user-agent");

    private final WebUi ui;

    WebUiRoutes(WebUi ui) {
        this.ui = ui;
    }

    List<Route> routes() {
        Route.Handler handler = this::handle;
        return List.of(
                Route.system("GET", WebUi.ROOT, (exchange, scope) -> {
                    exchange.header("Location", WebUi.ROOT + "/");
                    exchange.send(308, "text/plain; charset=utf-8", new byte[0]);
                }),
                Route.system("GET", WebUi.ROOT + "/", handler),
                Route.system("GET", WebUi.ROOT + "/{+path}", handler),
                Route.system("POST", WebUi.ROOT + "/{+path}", handler));
    }

    private void handle(Exchange exchange, RequestScope scope) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : HEADERS) {
            exchange.header(name).ifPresent(v -> headers.put(name, v));
        }
        byte[] body = new byte[0];
        if (exchange.method().equals("POST")) {
            try (InputStream in = exchange.body()) {
                body = in.readNBytes(MAX_FORM + 1);
            }
            if (body.length > MAX_FORM) {
                exchange.send(
                        413,
                        "text/plain; charset=utf-8",
                        "Form too large".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return;
            }
        }
        WebResponse response = ui.handle(new WebRequest(
                exchange.method(), exchange.path().substring(WebUi.ROOT.length()), exchange.rawQuery(), headers, body));
        response.headers().forEach(exchange::header);
        exchange.send(response.status(), response.contentType(), response.body());
    }
}
