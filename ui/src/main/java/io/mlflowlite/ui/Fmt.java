package io.mlflowlite.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowlite.json.Json;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the pages write numbers, times, money and JSON; called from the templates. Stateless. */
public final class Fmt {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Fmt() {}

    /** {@code 2026-12-07 05:39:31} (UTC), or a dash. */
    public static String time(Instant t) {
        return t == null ? "—" : TIME.format(t);
    }

    /** {@code 412 ms} or {@code 2.31 s}. */
    public static String ms(Duration d) {
        if (d == null) {
            return "—";
        }
        return ms(d.toNanos() / 1e6);
    }

    /** Milliseconds for people: {@code 412 ms} or {@code 2.31 s}. */
    public static String ms(double millis) {
        if (!Double.isFinite(millis)) {
            return "—";
        }
        return millis >= 1000
                ? String.format(Locale.ROOT, "%.2f s", millis / 1000)
                : String.format(Locale.ROOT, "%.0f ms", millis);
    }

    /** Dollars: {@code $0.000412}, six decimals below a cent, else two to four. */
    public static String usd(BigDecimal v) {
        if (v == null) {
            return "—";
        }
        if (v.signum() == 0) {
            return "$0";
        }
        int scale = v.abs().compareTo(new BigDecimal("0.01")) < 0 ? 6 : 4;
        return "$"
                + v.setScale(scale, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    /** A number with at most {@code digits} decimals. */
    public static String num(double v, int digits) {
        if (!Double.isFinite(v)) {
            return "—";
        }
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    /** A share as a percentage: {@code 12.5%}. */
    public static String pct(double share) {
        return Double.isFinite(share) ? String.format(Locale.ROOT, "%.1f%%", share * 100) : "—";
    }

    /** JSON indented for reading, or an empty string. */
    public static String json(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "";
        }
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            return node.toString();
        }
    }

    /** Any value as text: strings as they are, the rest as JSON. */
    public static String value(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof JsonNode n) {
            return n.isTextual() ? n.asText() : json(n);
        }
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    /** {@code text} cut to {@code max} characters with an ellipsis. */
    public static String cut(String text, int max) {
        if (text == null) {
            return "";
        }
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    /** A query-string value. */
    public static String url(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
