package io.mlflowlite.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.limits.LimitStoreException;
import io.mlflowlite.limits.LimitStores;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** The key store on a real PostgreSQL server. */
class PostgresKeyStoreTest extends KeyStoreContract {
    @Override
    protected String freshDatabaseUrl() {
        return EmbeddedPostgresServer.freshDatabaseUrl();
    }

    @Test
    void anUnreachableDatabaseIsALimitStoreFailureNamingIt() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String url = "jdbc:postgresql://localhost:" + port + "/limits?user=postgres&password=s3cret&connectTimeout=2";

        assertThatThrownBy(() -> LimitStores.openKeys(url))
                .isInstanceOf(LimitStoreException.class)
                .hasMessageStartingWith(
                        "Cannot connect to the key and usage database postgresql://localhost:" + port + "/limits")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> LimitStores.openCounter(url)).isInstanceOf(LimitStoreException.class);
    }
}
