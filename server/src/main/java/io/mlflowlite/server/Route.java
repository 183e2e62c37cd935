package io.mlflowlite.server;

/**
 * One endpoint: a method and an exact path, whether it is API work (counted in flight, refused while draining,
 * passed through {@link Admission} by its handler) or a system endpoint (probes, metrics), and its handler.
 *
 * @param method upper case, such as {@code POST}
 * @param path   exact, such as {@code /v1/chat/completions}; also the {@code route} label of metrics
 */
record Route(String method, String path, Kind kind, Handler handler, ErrorStyle errorStyle) {
    enum Kind {
        API,
        SYSTEM
    }

    /** The error body a route's clients parse: OpenAI's everywhere, Anthropic's on {@code /v1/messages}. */
    enum ErrorStyle {
        OPENAI,
        ANTHROPIC
    }

    /** Answers one request. Throw to fail it: {@link ApiErrors} turns the failure into the response. */
    @FunctionalInterface
    interface Handler {
        void handle(Exchange exchange, RequestScope scope) throws Exception;
    }

    static Route api(String method, String path, Handler handler) {
        return new Route(method, path, Kind.API, handler, ErrorStyle.OPENAI);
    }

    static Route system(String method, String path, Handler handler) {
        return new Route(method, path, Kind.SYSTEM, handler, ErrorStyle.OPENAI);
    }

    /** An API route whose errors are answered in Anthropic's shape. */
    static Route anthropic(String method, String path, Handler handler) {
        return new Route(method, path, Kind.API, handler, ErrorStyle.ANTHROPIC);
    }
}
