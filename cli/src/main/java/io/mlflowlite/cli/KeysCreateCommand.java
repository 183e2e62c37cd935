package io.mlflowlite.cli;

import io.mlflowlite.limits.Budget;
import io.mlflowlite.limits.CreatedKey;
import io.mlflowlite.limits.KeyService;
import io.mlflowlite.limits.KeySpec;
import io.mlflowlite.limits.KeyStore;
import io.mlflowlite.limits.LimitStores;
import io.mlflowlite.limits.Period;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mlflowlite keys create}: a new key, printed once. */
@Command(
        name = "create",
        mixinStandardHelpOptions = true,
        description = "Create a virtual API key and print it once; only its SHA-256 is stored.")
final class KeysCreateCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private KeysCommand.StoreOption store;

    @Option(names = "--name", required = true, description = "Unique name among active keys, such as team-a.")
    private String name;

    @Option(
            names = "--endpoints",
            split = ",",
            paramLabel = "NAME",
            description = "Endpoints (or models) the key may call, comma-separated; NAME* allows a prefix. "
                    + "Default: all.")
    private List<String> endpoints = List.of();

    @Option(names = "--rpm", description = "Requests per minute.")
    private Long rpm;

    @Option(names = "--tpm", description = "Tokens (prompt + completion) per minute.")
    private Long tpm;

    @Option(names = "--budget", paramLabel = "USD", description = "Spending limit in US dollars per --window.")
    private BigDecimal budget;

    @Option(names = "--window", description = "Budget window: minute, hour, day or month (default: month).")
    private String window;

    @Option(
            names = "--on-exceed",
            paramLabel = "reject|alert",
            description = "Once the budget is spent: reject calls with 429 (default), or alert the --webhook "
                    + "and keep serving.")
    private String onExceed;

    @Option(
            names = "--webhook",
            paramLabel = "URL",
            description = "POSTed a JSON alert once per window when the budget is reached.")
    private URI webhook;

    @Option(names = "--meta", paramLabel = "KEY=VALUE", description = "A label to keep with the key (owner, team …).")
    private Map<String, String> metadata = Map.of();

    @Override
    public Integer call() {
        if (budget == null && (window != null || onExceed != null || webhook != null)) {
            throw new IllegalArgumentException(
                    "--window, --on-exceed and --webhook describe a budget: add --budget USD");
        }
        KeySpec.Builder key = KeySpec.builder(name).allowedEndpoints(endpoints).metadata(metadata);
        if (rpm != null) {
            key.rpm(rpm);
        }
        if (tpm != null) {
            key.tpm(tpm);
        }
        if (budget != null) {
            key.budget(new Budget(
                    budget,
                    window == null ? Period.MONTH : Period.parse(window),
                    onExceed == null ? Budget.Action.REJECT : Budget.Action.parse(onExceed),
                    Optional.ofNullable(webhook)));
        }
        KeySpec built = key.build();
        try (KeyStore keys = LimitStores.openKeys(store.url)) {
            CreatedKey created = KeyService.of(keys).create(built);
            PrintWriter out = spec.commandLine().getOut();
            out.println("Created key '" + created.key().name() + "' ("
                    + created.key().id() + ") in " + keys.describe());
            out.println();
            out.println("    " + created.secret());
            out.println();
            out.println("This is the only time the key is shown: store it now. Only its SHA-256 is kept.");
            KeysListCommand.describe(out, created.key());
        }
        return 0;
    }
}
