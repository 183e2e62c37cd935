package io.mlflowlite.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.limits.Budget;
import io.mlflowlite.limits.CreatedKey;
import io.mlflowlite.limits.KeyService;
import io.mlflowlite.limits.KeySpec;
import io.mlflowlite.limits.KeyStore;
import io.mlflowlite.limits.LimitStores;
import io.mlflowlite.limits.ManualClock;
import io.mlflowlite.limits.Period;
import io.mlflowlite.limits.VirtualKey;
import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.TraceStore;
import io.mlflowlite.tracing.TraceStores;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The key store on a real database: what goes in comes out, the secret never goes in. */
abstract class KeyStoreContract {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
    private String url;
    private KeyStore store;
    private KeyService keys;

    /** The URL of a new, empty database. */
    protected abstract String freshDatabaseUrl();

    @BeforeEach
    void open() {
        url = freshDatabaseUrl();
        store = LimitStores.openKeys(url);
        keys = KeyService.builder(store).timeSource(clock).build();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void everySettingOfAKeyComesBackAsStored() {
        KeySpec spec = KeySpec.builder("team-a")
                .allowedEndpoints("chat", "embed", "mock/*")
                .rpm(60)
                .tpm(100_000)
                .budget(new Budget(
                        new BigDecimal("50.000000000001"),
                        Period.MONTH,
                        Budget.Action.ALERT,
                        Optional.of(URI.create("https://hooks.example.com/budget?team=a"))))
                .metadata(Map.of("owner", "ana", "ticket", "OPS-12"))
                .build();
        CreatedKey created = keys.create(spec);

        VirtualKey stored = store.get(created.key().id()).orElseThrow();
        assertThat(stored).isEqualTo(created.key());
        assertThat(stored.budget().orElseThrow().usd()).isEqualByComparingTo("50.000000000001");
        assertThat(store.findByHash(created.key().secretHash())).contains(stored);

        VirtualKey bare = keys.create(KeySpec.builder("team-b").build()).key();
        assertThat(store.get(bare.id())).contains(bare);
        assertThat(bare.rpm()).isEmpty();
        assertThat(bare.budget()).isEmpty();
    }

    @Test
    void theDatabaseRowHoldsTheHashAndNeverTheSecret() {
        CreatedKey created = keys.create(KeySpec.builder("team-a").rpm(5).build());
        String secretPart = created.secret().substring(10);

        List<Map<String, Object>> rows = Jdbi.create(url)
                .withHandle(
                        h -> h.createQuery("SELECT * FROM api_keys").mapToMap().list());

        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.get("secret_hash")).isEqualTo(created.key().secretHash());
            assertThat(row.values())
                    .allSatisfy(value -> assertThat(String.valueOf(value))
                            .doesNotContain(created.secret())
                            .doesNotContain(secretPart));
        });
        assertThat(keys.authenticate(created.secret())).contains(created.key());
    }

    @Test
    void revokingKeepsTheKeyListedAndFreesItsName() {
        VirtualKey first = keys.create(KeySpec.builder("team-a").build()).key();
        assertThatThrownBy(() -> keys.create(KeySpec.builder("team-a").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already named 'team-a'");

        clock.advance(Duration.ofMinutes(1));
        assertThat(store.revoke(first.id(), clock.now())).isTrue();
        assertThat(store.revoke(first.id(), clock.now().plusSeconds(1)))
                .as("already revoked")
                .isFalse();
        VirtualKey second = keys.create(KeySpec.builder("team-a").build()).key();

        assertThat(store.list()).extracting(VirtualKey::id).containsExactly(second.id(), first.id());
        assertThat(store.get(first.id()).orElseThrow().revoked()).contains(Instant.parse("2026-03-01T10:01:00Z"));
        assertThat(keys.find("team-a")).contains(second);
    }

    @Test
    void updateReplacesSettingsAndRefusesATakenName() {
        VirtualKey a = keys.create(KeySpec.builder("team-a").rpm(10).build()).key();
        keys.create(KeySpec.builder("team-b").build());

        VirtualKey changed = keys.update(
                a.id(),
                a.settings().toBuilder()
                        .noRpm()
                        .tpm(500)
                        .allowedEndpoints("chat")
                        .build());
        assertThat(store.get(a.id())).contains(changed);
        assertThat(changed.tpm()).hasValue(500);
        assertThat(changed.rpm()).isEmpty();

        assertThatThrownBy(() -> keys.update(
                        a.id(), changed.settings().toBuilder().name("team-b").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already named 'team-b'");
        VirtualKey ghost = new VirtualKey(
                "key-000000000000000000000000",
                "ghost",
                "mlk-abcdef",
                "00".repeat(32),
                List.of(),
                OptionalLong.empty(),
                OptionalLong.empty(),
                Optional.empty(),
                clock.now(),
                Optional.empty(),
                Map.of());
        assertThatThrownBy(() -> store.update(ghost))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No key with id key-000000000000000000000000");
    }

    @Test
    void keysAndTracesShareOneDatabase() {
        VirtualKey key = keys.create(KeySpec.builder("team-a").build()).key();
        Trace trace = Traces.chat().build();
        try (TraceStore traces = TraceStores.open(url)) {
            traces.write(List.of(trace));
            assertThat(traces.get(trace.traceId())).isPresent();
        }
        assertThat(store.get(key.id())).isPresent();
    }
}
