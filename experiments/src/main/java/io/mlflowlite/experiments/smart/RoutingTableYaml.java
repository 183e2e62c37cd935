package io.mlflowlite.experiments.smart;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes the gateway configuration (YAML) for a route using a {@link RoutingTable}: one chat endpoint per model the
 * table serves, and a route with {@code routing_strategy: smart} whose {@code strategy_config} maps every tier to
 * its endpoint and points at the table file. Paste it into the gateway's config (or merge its endpoints and routes
 * into yours). Stateless.
 */
public final class RoutingTableYaml {
    private RoutingTableYaml() {}

    /**
     * The YAML for route {@code routeName} over {@code table}, stored at {@code tablePath}; endpoints are named
     * after their models ({@code mock/mini} → {@code mock-mini}).
     */
    public static String write(RoutingTable table, String routeName, String tablePath) {
        Map<String, String> endpoints = new LinkedHashMap<>();
        for (Tier t : table.tiers()) {
            endpoints.put(
                    t.model(), t.model().replaceAll("[^A-Za-z0-9_-]+", "-").toLowerCase(Locale.ROOT));
        }
        StringBuilder y = new StringBuilder();
        y.append("# calibrated on ")
                .append(table.rows())
                .append(" rows; threshold δ=")
                .append(String.format(Locale.ROOT, "%.3f", table.threshold()))
                .append(", margin ")
                .append(String.format(Locale.ROOT, "%.1f%%", table.margin() * 100))
                .append('\n');
        y.append("endpoints:\n");
        endpoints.forEach((model, name) -> {
            int slash = model.indexOf('/');
            y.append("  - name: ").append(name).append('\n');
            y.append("    endpoint_type: llm/v1/chat\n");
            y.append("    model:\n");
            y.append("      provider: ")
                    .append(slash > 0 ? model.substring(0, slash) : model)
                    .append('\n');
            y.append("      name: ")
                    .append(slash > 0 ? model.substring(slash + 1) : model)
                    .append('\n');
        });
        y.append("routes:\n");
        y.append("  - name: ").append(routeName).append('\n');
        y.append("    task_type: llm/v1/chat\n");
        y.append("    destinations:\n");
        Set<String> names = new LinkedHashSet<>(endpoints.values());
        names.forEach(n -> y.append("      - name: ").append(n).append('\n'));
        y.append("    routing_strategy: smart\n");
        y.append("    strategy_config:\n");
        y.append("      table: ").append(quote(tablePath)).append('\n');
        y.append("      tiers:\n");
        for (Tier t : table.tiers()) {
            y.append("        ")
                    .append(t.name())
                    .append(": ")
                    .append(endpoints.get(t.model()))
                    .append('\n');
        }
        return y.toString();
    }

    private static String quote(String s) {
        return s.matches("[A-Za-z0-9_./-]+")
                ? s
                : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
