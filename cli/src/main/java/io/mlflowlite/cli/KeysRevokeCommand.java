package io.mlflowlite.cli;

import io.mlflowlite.limits.KeyService;
import io.mlflowlite.limits.KeyStore;
import io.mlflowlite.limits.LimitStores;
import io.mlflowlite.limits.VirtualKey;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlflowlite keys revoke}: by id or by the name of an active key. */
@Command(
        name = "revoke",
        mixinStandardHelpOptions = true,
        description = "Revoke a key by id or name. Gateways stop accepting it within their key cache time (5 s).")
final class KeysRevokeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private KeysCommand.StoreOption store;

    @Parameters(paramLabel = "ID|NAME", description = "The key's id (key-…) or the name of an active key.")
    private String key;

    @Override
    public Integer call() {
        ExistingStore.require(store.url);
        try (KeyStore keys = LimitStores.openKeys(store.url)) {
            KeyService service = KeyService.of(keys);
            if (service.find(key).isEmpty()) {
                throw new NotFoundException("No key '" + key + "' in " + keys.describe()
                        + " (list them with 'mlflowlite keys list --all')");
            }
            VirtualKey revoked = service.revoke(key);
            spec.commandLine().getOut().println("revoked key '" + revoked.name() + "' (" + revoked.id() + ")");
        }
        return 0;
    }
}
