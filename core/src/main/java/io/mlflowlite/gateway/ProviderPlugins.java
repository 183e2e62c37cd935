package io.mlflowlite.gateway;

import io.mlflowlite.catalog.CatalogEntry;
import io.mlflowlite.catalog.ModelCatalog;
import io.mlflowlite.cost.PriceTable;
import io.mlflowlite.error.ConfigurationException;
import io.mlflowlite.provider.ProviderPlugin;
import io.mlflowlite.provider.ProviderProfile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;

/** How {@link Gateway} finds {@link ProviderPlugin}s and folds their models and prices into its own. */
final class ProviderPlugins {
    /** Wire formats the gateway's own adapters speak; a plugin may not take one over. */
    private static final Set<String> BUILTIN_WIRES = Set.of("openai", "anthropic", "gemini", "mock");

    private ProviderPlugins() {}

    /**
     * The discovered plugins (when {@code discover}) and then {@code explicit} ones, one per provider name: an
     * explicit plugin replaces a discovered one of the same name.
     *
     * @throws ConfigurationException when a plugin cannot be loaded, takes a built-in provider name or wire
     *                                format, or two discovered plugins claim the same provider
     */
    static List<ProviderPlugin> load(List<ProviderPlugin> explicit, boolean discover) {
        Map<String, ProviderPlugin> byName = new LinkedHashMap<>();
        if (discover) {
            try {
                for (ProviderPlugin plugin : ServiceLoader.load(ProviderPlugin.class)) {
                    ProviderPlugin prior =
                            byName.putIfAbsent(checked(plugin).profile().name(), plugin);
                    if (prior != null) {
                        throw new ConfigurationException("Two provider plugins on the classpath serve provider '"
                                + plugin.profile().name() + "': "
                                + prior.getClass().getName() + " and "
                                + plugin.getClass().getName() + "; remove one of their jars");
                    }
                }
            } catch (ServiceConfigurationError e) {
                throw new ConfigurationException("Cannot load a provider plugin: " + e.getMessage(), e);
            }
        }
        for (ProviderPlugin plugin : explicit) {
            byName.put(checked(plugin).profile().name(), plugin);
        }
        return List.copyOf(byName.values());
    }

    private static ProviderPlugin checked(ProviderPlugin plugin) {
        ProviderProfile profile = plugin.profile();
        String owner = plugin.getClass().getName();
        if (ProviderProfile.builtin(profile.name()).isPresent()) {
            throw new ConfigurationException("Provider plugin " + owner + " names built-in provider '" + profile.name()
                    + "'; a plugin adds a provider of its own");
        }
        if (BUILTIN_WIRES.contains(profile.wire())) {
            throw new ConfigurationException("Provider plugin " + owner + " uses built-in wire format '"
                    + profile.wire() + "'; configure an OpenAI-compatible server with ProviderSettings instead");
        }
        if (!profile.wire().equals(plugin.adapter().wire())) {
            throw new ConfigurationException("Provider plugin " + owner + ": its profile's wire format '"
                    + profile.wire() + "' differs from its adapter's '"
                    + plugin.adapter().wire() + "'");
        }
        return plugin;
    }

    /** {@code catalog} plus every plugin model whose name it does not know yet. */
    static ModelCatalog addModels(ModelCatalog catalog, List<ProviderPlugin> plugins) {
        ModelCatalog result = catalog;
        for (ProviderPlugin plugin : plugins) {
            for (CatalogEntry entry : plugin.models()) {
                if (result.find(entry.name()).isEmpty()) {
                    result = result.with(entry);
                }
            }
        }
        return result;
    }

    /** {@code table} plus each plugin's prices, unless the table already prices every model of that plugin. */
    static PriceTable addPrices(PriceTable table, List<ProviderPlugin> plugins) {
        PriceTable result = table;
        for (ProviderPlugin plugin : plugins) {
            PriceTable extra = plugin.prices().orElse(null);
            if (extra != null
                    && extra.entries().keySet().stream()
                            .anyMatch(key -> table.find(key).isEmpty())) {
                result = result.withOverrides(extra);
            }
        }
        return result;
    }
}
