package io.mlflowlite.provider;

import io.mlflowlite.catalog.CatalogEntry;
import io.mlflowlite.cost.PriceTable;
import java.util.List;
import java.util.Optional;

/**
 * A provider contributed by a module on the classpath, such as {@code mlflowlite-embed}'s in-process
 * {@code local} provider. {@link io.mlflowlite.gateway.Gateway.Builder} finds plugins with {@link java.util.ServiceLoader}
 * (list the implementation in {@code META-INF/services/io.mlflowlite.provider.ProviderPlugin}), so putting the
 * module's jar on the classpath is all a user does; {@code Builder.plugin(...)} adds one by hand and
 * {@code Builder.discoverPlugins(false)} turns discovery off.
 *
 * <p>What a plugin brings, and where the gateway puts it:
 * <ul>
 *   <li>{@link #profile()}: a provider name (the prefix in {@code provider/model}) that must not be a built-in
 *       one, its wire format and base URL. Routing configurations may name the provider.</li>
 *   <li>{@link #adapter()}: the {@link Provider} for that wire format; every call to the provider's models runs
 *       the one pipeline (tracing, retries, pricing) and ends in it.</li>
 *   <li>{@link #models()}: catalog entries, added after the bundled or given catalog unless an entry of the
 *       same name is already there, and before a {@code MLFLOWLITE_CATALOG} file (which can replace them), so
 *       {@code Gateway.models()} and the server's {@code GET /v1/models} list them.</li>
 *   <li>{@link #prices()}: price entries for those models, added to the gateway's table unless the table
 *       already prices every one of them, and before {@code MLFLOWLITE_PRICES}.</li>
 * </ul>
 *
 * <p>Contract: the service class has a public no-argument constructor that does no I/O and loads nothing
 * heavy (a gateway is built on every {@code Gateway.fromEnv()}; load models lazily, on the first call). Every
 * method is called once per gateway built, may be called from any thread, must not block and must not throw
 * for a well-formed jar. The adapter follows {@link Provider}'s contract and is shared by every call of the
 * gateway.
 */
public interface ProviderPlugin {

    /**
     * The provider this plugin serves. Its {@link ProviderProfile#wire()} must equal {@link #adapter()}'s
     * {@link Provider#wire()}; a base URL of a scheme other than {@code http(s)} (such as
     * {@code local://in-process}) marks an in-process provider, listed as available without a key.
     */
    ProviderProfile profile();

    /** The adapter speaking {@link #profile()}'s wire format. */
    Provider adapter();

    /** The models this provider serves by name; empty when it only passes names through. */
    default List<CatalogEntry> models() {
        return List.of();
    }

    /** Prices for {@link #models()} (a zero price for free local models); empty when they are unpriced. */
    default Optional<PriceTable> prices() {
        return Optional.empty();
    }
}
