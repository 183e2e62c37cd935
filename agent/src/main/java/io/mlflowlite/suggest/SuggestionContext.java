package io.mlflowlite.suggest;

import io.mlflowlite.catalog.CatalogEntry;
import io.mlflowlite.catalog.ModelCatalog;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.PriceProvenance;
import io.mlflowlite.chat.Role;
import io.mlflowlite.cost.PriceTable;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the heuristics read: the response, the request when it is known (from the trace or given), and the
 * catalog and price table to compare against.
 */
record SuggestionContext(
        ChatResponse response, Optional<ChatRequest> request, ModelCatalog catalog, PriceTable prices) {

    /** The price table key of the model that answered: the cost's provenance, else {@code provider/model}. */
    Optional<String> priceKey() {
        Optional<String> priced = response.cost().provenance().map(PriceProvenance::entry);
        if (priced.isPresent()) {
            return priced;
        }
        return response.provider() == null || response.model() == null
                ? Optional.empty()
                : Optional.of(response.provider() + "/" + response.model());
    }

    /** The catalog entry of the model that answered, found by its price key, then by its name. */
    Optional<CatalogEntry> entry() {
        Optional<CatalogEntry> byKey = priceKey().flatMap(catalog::find);
        if (byKey.isPresent() || response.model() == null) {
            return byKey;
        }
        return catalog.find(response.model());
    }

    /** The system and developer messages' text, joined by blank lines; "" when the request is unknown. */
    String instructions() {
        return request.map(r -> r.messages().stream()
                        .filter(SuggestionContext::isInstruction)
                        .map(Message::text)
                        .collect(Collectors.joining("\n\n")))
                .orElse("");
    }

    /** Every message's text (what the model was asked), joined; "" when the request is unknown. */
    String promptText() {
        return request.map(r -> r.messages().stream().map(Message::text).collect(Collectors.joining("\n\n")))
                .orElse("");
    }

    List<Message> messages() {
        return request.map(ChatRequest::messages).orElse(List.of());
    }

    static boolean isInstruction(Message m) {
        return m.role() == Role.SYSTEM || m.role() == Role.DEVELOPER;
    }
}
