package io.mlflowlite.webui;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One request to the web UI, as the server that hosts it hands it over: no HTTP-stack types. Immutable.
 *
 * @param method  upper case: {@code GET} or {@code POST}
 * @param path    the path below the UI's root, starting with {@code /} (the root itself is {@code /})
 * @param query   the raw query string without {@code ?}, or empty
 * @param headers request headers, names in lower case (the first value of each)
 * @param body    the request body (a POSTed form), empty for a GET
 */
public record WebRequest(String method, String path, String query, Map<String, String> headers, byte[] body) {
    public WebRequest {
        method = method.toUpperCase(Locale.ROOT);
        path = path == null || path.isEmpty() ? "/" : path;
        query = query == null ? "" : query;
        Map<String, String> lower = new LinkedHashMap<>();
        headers.forEach((k, v) -> lower.putIfAbsent(k.toLowerCase(Locale.ROOT), v));
        headers = Map.copyOf(lower);
        body = body == null ? new byte[0] : body.clone();
    }

    /** Header {@code name} (case-insensitive). */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The query parameters, first value of each, in order. */
    public Map<String, String> params() {
        return decode(query);
    }

    /** Query parameter {@code name}, empty when absent or blank. */
    public Optional<String> param(String name) {
        return Optional.ofNullable(params().get(name)).filter(v -> !v.isBlank());
    }

    /** The fields of a POSTed {@code application/x-www-form-urlencoded} body, first value of each. */
    public Map<String, String> form() {
        return decode(new String(body, StandardCharsets.UTF_8));
    }

    /** Cookie {@code name}, from the {@code Cookie} header. */
    public Optional<String> cookie(String name) {
        for (String part : header("cookie").orElse("").split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).strip().equals(name)) {
                return Optional.of(part.substring(eq + 1).strip());
            }
        }
        return Optional.empty();
    }

    /** {@code a=1&b=x%20y} as an ordered map (first value wins); malformed escapes leave the pair out. */
    public static Map<String, String> decode(String encoded) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.putIfAbsent(key, value);
            } catch (IllegalArgumentException e) {
                // a malformed escape: the pair is ignored, as browsers never send one
            }
        }
        return out;
    }

    /** For logs: method and path. */
    @Override
    public String toString() {
        return method + " " + path + (query.isEmpty() ? "" : "?" + query);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WebRequest r
                && method.equals(r.method)
                && path.equals(r.path)
                && query.equals(r.query)
                && headers.equals(r.headers)
                && java.util.Arrays.equals(body, r.body);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(method, path, query, headers, java.util.Arrays.hashCode(body));
    }
}
