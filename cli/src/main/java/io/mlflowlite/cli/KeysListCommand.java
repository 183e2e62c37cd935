package io.mlflowlite.cli;

import io.mlflowlite.chat.Cost;
import io.mlflowlite.limits.Budget;
import io.mlflowlite.limits.KeyStore;
import io.mlflowlite.limits.LimitStores;
import io.mlflowlite.limits.VirtualKey;
import java.io.PrintWriter;
import java.net.URI;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mlflowlite keys list}: every key with its limits; never a secret (none is stored). */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List keys, newest first.")
final class KeysListCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    @Spec
    private CommandSpec spec;

    @Mixin
    private KeysCommand.StoreOption store;

    @Option(names = "--all", description = "Include revoked keys.")
    private boolean all;

    @Mixin
    private OutputOption output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ExistingStore.require(store.url);
        try (KeyStore keys = LimitStores.openKeys(store.url)) {
            List<VirtualKey> shown =
                    keys.list().stream().filter(k -> all || k.active()).toList();
            if (output.json()) {
                OutputOption.print(
                        out, shown.stream().map(KeysListCommand::json).toList());
                return ExitCodes.OK;
            }
            out.printf(
                    "%-28s %-16s %-12s %-8s %7s %9s %-22s %s%n",
                    "ID", "NAME", "KEY", "STATUS", "RPM", "TPM", "BUDGET", "ENDPOINTS");
            for (VirtualKey k : shown) {
                out.printf(
                        "%-28s %-16s %-12s %-8s %7s %9s %-22s %s%n",
                        k.id(),
                        k.name(),
                        k.prefix() + "…",
                        k.active() ? "active" : "revoked",
                        k.rpm().isPresent() ? k.rpm().getAsLong() : "-",
                        k.tpm().isPresent() ? k.tpm().getAsLong() : "-",
                        k.budget().map(KeysListCommand::budget).orElse("-"),
                        k.allowedEndpoints().isEmpty() ? "(all)" : String.join(",", k.allowedEndpoints()));
            }
            if (shown.isEmpty()) {
                out.println("(no " + (all ? "" : "active ") + "keys in " + keys.describe() + ")");
            }
        }
        return 0;
    }

    /** A key as JSON for scripts: its settings, never its secret (only the prefix shown in tables). */
    private static java.util.Map<String, Object> json(VirtualKey k) {
        java.util.Map<String, Object> json = new java.util.LinkedHashMap<>();
        json.put("id", k.id());
        json.put("name", k.name());
        json.put("prefix", k.prefix());
        json.put("active", k.active());
        json.put("rpm", k.rpm().isPresent() ? k.rpm().getAsLong() : null);
        json.put("tpm", k.tpm().isPresent() ? k.tpm().getAsLong() : null);
        json.put(
                "budget",
                k.budget()
                        .map(b -> {
                            java.util.Map<String, Object> budget = new java.util.LinkedHashMap<>();
                            budget.put("usd", b.usd().toPlainString());
                            budget.put("window", b.window().key());
                            budget.put("on_exceed", b.onExceed().key());
                            budget.put("webhook", b.webhook().map(URI::toString).orElse(null));
                            return budget;
                        })
                        .orElse(null));
        json.put("endpoints", k.allowedEndpoints());
        json.put("created", k.created().toString());
        json.put("metadata", k.metadata());
        return json;
    }

    /** {@code $50/month reject}. */
    static String budget(Budget b) {
        return Cost.usd(b.usd()) + "/" + b.window().key() + " " + b.onExceed().key();
    }

    /** The settings of a key, one per line. */
    static void describe(PrintWriter out, VirtualKey k) {
        out.println("  name       " + k.name());
        out.println("  id         " + k.id());
        out.println(
                "  endpoints  " + (k.allowedEndpoints().isEmpty() ? "(all)" : String.join(", ", k.allowedEndpoints())));
        out.println("  rpm        " + (k.rpm().isPresent() ? k.rpm().getAsLong() : "unlimited"));
        out.println("  tpm        " + (k.tpm().isPresent() ? k.tpm().getAsLong() : "unlimited"));
        out.println("  budget     "
                + k.budget()
                        .map(b -> budget(b)
                                + b.webhook()
                                        .map(URI::toString)
                                        .map(w -> " → " + w)
                                        .orElse(""))
                        .orElse("none"));
        out.println("  created    " + TIME.format(k.created()));
        k.metadata().forEach((key, value) -> out.println("  " + key + " = " + value));
    }
}
