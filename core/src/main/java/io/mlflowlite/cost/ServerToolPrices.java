package io.mlflowlite.cost;

import io.mlflowlite.chat.Usage;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

/**
 * What the providers' own tools cost per request, billed on top of tokens and counted in
 * {@link Usage#serverToolUse()}. Anthropic's web search is $10 per 1,000 searches
 * (https://docs.anthropic.com/en/docs/build-with-claude/tool-use/web-search-tool); web fetch has no charge beyond
 * its tokens. A count with no price here costs nothing extra. Stateless.
 */
public final class ServerToolPrices {
    private static final Map<String, Map<String, BigDecimal>> PER_REQUEST =
            Map.of("anthropic", Map.of("web_search_requests", new BigDecimal("0.01")));

    private ServerToolPrices() {}

    /** The price of {@code usage}'s server-tool requests on {@code provider}'s models, exactly. */
    public static BigDecimal cost(String provider, Usage usage) {
        if (usage == null || usage.serverToolUse().isEmpty() || provider == null) {
            return BigDecimal.ZERO;
        }
        Map<String, BigDecimal> prices = PER_REQUEST.getOrDefault(provider.toLowerCase(Locale.ROOT), Map.of());
        BigDecimal total = BigDecimal.ZERO;
        for (Map.Entry<String, Integer> count : usage.serverToolUse().entrySet()) {
            BigDecimal price = prices.get(count.getKey());
            if (price != null) {
                total = total.add(price.multiply(BigDecimal.valueOf(count.getValue())));
            }
        }
        return total;
    }
}
