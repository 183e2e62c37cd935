package io.mlflowlite.testing;

/** Reason phrases for status lines; clients ignore them, but people reading a wire dump do not. */
final class ReasonPhrase {

    private ReasonPhrase() {}

    static String of(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 304 -> "Not Modified";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            // Anthropic's "overloaded_error" status.
            case 529 -> "Overloaded";
            default ->
                switch (status / 100) {
                    case 1 -> "Informational";
                    case 2 -> "Success";
                    case 3 -> "Redirection";
                    case 4 -> "Client Error";
                    default -> "Server Error";
                };
        };
    }
}
