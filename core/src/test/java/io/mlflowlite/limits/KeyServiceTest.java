package io.mlflowlite.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyServiceTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final InMemoryKeyStore store = new InMemoryKeyStore();
    private final KeyService keys = KeyService.builder(store).timeSource(clock).build();

    static String sha256(String text) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void createReturnsTheSecretOnceAndStoresOnlyItsHash() throws Exception {
        CreatedKey created = keys.create(KeySpec.builder("team-a")
                .allowedEndpoints("chat", "embed")
                .rpm(60)
                .build());

        assertThat(created.secret()).matches("mlk-[A-Za-z0-9_-]{43}");
        VirtualKey stored = store.get(created.key().id()).orElseThrow();
        assertThat(stored).isEqualTo(created.key());
        assertThat(stored.secretHash()).isEqualTo(sha256(created.secret()));
        assertThat(stored.prefix()).isEqualTo(created.secret().substring(0, 10));
        assertThat(stored.id()).matches("key-[0-9a-f]{24}");
        assertThat(stored.created()).isEqualTo(clock.now());
        assertThat(stored.toString()).doesNotContain(created.secret()).doesNotContain(stored.secretHash());
        assertThat(created.toString()).doesNotContain(created.secret());
    }

    @Test
    void authenticatesItsSecretAndNothingElse() {
        CreatedKey created = keys.create(KeySpec.builder("team-a").build());
        String secret = created.secret();
        char last = secret.charAt(secret.length() - 1);
        String oneCharOff = secret.substring(0, secret.length() - 1) + (last == 'A' ? 'B' : 'A');

        assertThat(keys.authenticate(secret)).contains(created.key());
        assertThat(keys.authenticate(oneCharOff)).isEmpty();
        assertThat(keys.authenticate(secret + "x")).isEmpty();
        assertThat(keys.authenticate(created.key().secretHash()))
                .as("the hash is not a key")
                .isEmpty();
        assertThat(keys.authenticate(null)).isEmpty();
        assertThat(keys.authenticate("")).isEmpty();
        assertThat(keys.authenticate("sk-" + secret.substring(4))).isEmpty();
    }

    @Test
    void aRevokedKeyNoLongerAuthenticatesAndIsListedAsRevoked() {
        CreatedKey created = keys.create(KeySpec.builder("team-a").build());
        assertThat(keys.authenticate(created.secret())).isPresent();
        clock.advance(Duration.ofMinutes(1));

        VirtualKey revoked = keys.revoke("team-a");

        assertThat(revoked.revoked()).contains(Instant.parse("2026-03-01T10:01:00Z"));
        assertThat(keys.authenticate(created.secret()))
                .as("the cached key is dropped at once")
                .isEmpty();
        assertThat(keys.list())
                .singleElement()
                .satisfies(k -> assertThat(k.active()).isFalse());
        assertThatThrownBy(() -> keys.revoke(created.key().id()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Key 'team-a' (" + created.key().id() + ") was already revoked at 2026-03-01T10:01:00Z");
        assertThatThrownBy(() -> keys.revoke("nobody")).hasMessage("No key 'nobody'");
    }

    @Test
    void namesAreUniqueAmongActiveKeysSoARevokedNameCanBeReused() {
        keys.create(KeySpec.builder("team-a").build());
        assertThatThrownBy(() -> keys.create(KeySpec.builder("team-a").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already named 'team-a'");

        VirtualKey old = keys.revoke("team-a");
        clock.advance(Duration.ofSeconds(1));
        CreatedKey replacement = keys.create(KeySpec.builder("team-a").build());

        assertThat(keys.find("team-a")).contains(replacement.key());
        assertThat(keys.list())
                .extracting(VirtualKey::id)
                .containsExactly(replacement.key().id(), old.id());
    }

    @Test
    void updateChangesLimitsAndKeepsTheSecretWorking() {
        CreatedKey created = keys.create(KeySpec.builder("team-a").rpm(10).build());

        VirtualKey changed = keys.update(
                "team-a",
                created.key().settings().toBuilder()
                        .rpm(20)
                        .tpm(5000)
                        .allowedEndpoints("chat")
                        .build());

        assertThat(changed.rpm()).hasValue(20);
        assertThat(keys.authenticate(created.secret())).contains(changed);
        assertThat(store.get(created.key().id())).contains(changed);
    }

    @Test
    void aChangeMadeElsewhereIsSeenOnceTheCacheExpires() {
        CreatedKey created = keys.create(KeySpec.builder("team-a").build());
        assertThat(keys.authenticate(created.secret())).isPresent();

        store.revoke(created.key().id(), clock.now());
        assertThat(keys.authenticate(created.secret()))
                .as("within the TTL the cached key is trusted")
                .isPresent();
        clock.advance(Duration.ofSeconds(5));
        assertThat(keys.authenticate(created.secret())).isEmpty();
    }

    @Test
    void secretsAndIdsDoNotRepeat() {
        Set<String> secrets = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            CreatedKey k = keys.create(KeySpec.builder("k" + i).build());
            secrets.add(k.secret());
            ids.add(k.key().id());
        }
        assertThat(secrets).hasSize(500);
        assertThat(ids).hasSize(500);
    }

    @Test
    void specsAreValidatedWhenBuilt() {
        assertThatThrownBy(() -> KeySpec.builder("team a").build()).hasMessageContaining("A key name is");
        assertThatThrownBy(() -> KeySpec.builder("t").rpm(0).build()).hasMessage("rpm must be positive, was 0");
        assertThatThrownBy(() -> KeySpec.builder("t").allowedEndpoints("a*b").build())
                .hasMessageContaining("prefix ending in '*'");
        assertThatThrownBy(() -> KeySpec.builder("t").budget("0", Period.DAY).build())
                .hasMessage("A budget must be positive, was 0 USD");
        assertThatThrownBy(() -> new Budget(
                        java.math.BigDecimal.ONE, Period.DAY, Budget.Action.ALERT, java.util.Optional.empty()))
                .hasMessage("A budget that alerts needs a webhook URL to alert");
    }
}
