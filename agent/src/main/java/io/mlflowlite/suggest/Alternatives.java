package io.mlflowlite.suggest;

import io.mlflowlite.catalog.CatalogEntry;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ContentPart;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.Usage;
import io.mlflowlite.cost.ModelPrice;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Catalog models that could serve a call instead of the one that did: same provider (switching provider
 * needs another key and changes more than the price), chat models, every capability the request uses, room
 * for the call's tokens, and a positive price (zero-priced entries are simulations like {@code mock/echo}
 * or models whose price is unknown).
 */
final class Alternatives {

    /** A candidate and what the call's exact token counts would have cost on it. */
    record Priced(CatalogEntry entry, BigDecimal cost) {}

    private Alternatives() {}

    /**
     * The capabilities the call uses: {@code tools} (tools offered or tool calls made), {@code vision} (image
     * parts), {@code json_schema} (a json_schema or json_object response format; json_object is also met by a
     * {@code json_object} capability), {@code reasoning} (reasoning_effort set or reasoning tokens spent).
     */
    static Set<String> required(SuggestionContext context) {
        Set<String> needs = new LinkedHashSet<>();
        ChatRequest request = context.request().orElse(null);
        if (!context.response().toolCalls().isEmpty()
                || request != null
                        && (!request.tools().isEmpty()
                                || request.messages().stream()
                                        .anyMatch(m -> !m.toolCalls().isEmpty()))) {
            needs.add("tools");
        }
        if (request != null) {
            for (Message m : request.messages()) {
                if (m.content().stream().anyMatch(p -> p instanceof ContentPart.Image)) {
                    needs.add("vision");
                }
            }
            if (request.responseFormat() != null && request.responseFormat().isJson()) {
                needs.add(request.responseFormat().type());
            }
            if (request.reasoningEffort() != null) {
                needs.add("reasoning");
            }
        }
        if (context.response().usage().reasoningTokens() > 0) {
            needs.add("reasoning");
        }
        return needs;
    }

    static boolean meets(CatalogEntry entry, Set<String> needs) {
        for (String need : needs) {
            boolean ok = need.equals("json_object")
                    ? entry.supports("json_object") || entry.supports("json_schema")
                    : entry.supports(need);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The cheapest qualifying alternative for the call's exact token counts (catalog order breaks ties). */
    static Optional<Priced> cheapest(SuggestionContext context, CatalogEntry current) {
        Set<String> needs = required(context);
        Usage usage = context.response().usage();
        long tokens = (long) usage.promptTokens() + usage.completionTokens();
        return context.catalog().entries().stream()
                .filter(e -> "chat".equals(e.kind()) && e.provider().equals(current.provider()))
                .filter(e -> !e.key().equalsIgnoreCase(current.key()))
                .filter(e -> meets(e, needs))
                .filter(e -> e.contextWindow() >= tokens && e.maxOutputTokens() >= usage.completionTokens())
                .filter(e -> context.prices()
                        .find(e.key())
                        .filter(Alternatives::positive)
                        .isPresent())
                .map(e -> new Priced(e, context.prices().cost(e.key(), usage).total()))
                .min(Comparator.comparing(Priced::cost));
    }

    private static boolean positive(ModelPrice price) {
        return price.rates().input().signum() > 0 && price.rates().output().signum() > 0;
    }
}
