package io.mlflowlite.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.tracing.TraceStoreException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StoreUrlTest {

    @Test
    void recognisesSqliteAndPostgresqlUrlsAndDatabaseFilePaths() {
        assertThat(StoreUrl.supports("jdbc:sqlite:mlflowlite.db")).isTrue();
        assertThat(StoreUrl.supports("JDBC:SQLITE:/data/x.db")).isTrue();
        assertThat(StoreUrl.supports("jdbc:postgresql://db:5432/traces")).isTrue();
        assertThat(StoreUrl.supports("/var/lib/mlflowlite/traces.sqlite")).isTrue();
        assertThat(StoreUrl.supports("traces.DB")).isTrue();
        assertThat(StoreUrl.supports("jdbc:mysql://db/traces")).isFalse();
        assertThat(StoreUrl.supports("traces.json")).isFalse();
        assertThat(StoreUrl.supports(null)).isFalse();
    }

    @Test
    void takesTheSqliteFileFromTheUrlWithoutItsSettings() {
        StoreUrl url = StoreUrl.parse("jdbc:sqlite:file:/data/t.db?busy_timeout=100");

        assertThat(url.dialect()).isEqualTo(Dialect.SQLITE);
        assertThat(url.sqliteFile()).isEqualTo(Path.of("/data/t.db"));
        assertThat(url.description()).isEqualTo("sqlite:/data/t.db");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:sqlite:file:/data/t.db?busy_timeout=100");
    }

    @Test
    void opensAPlainPathAsSqlite() {
        StoreUrl url = StoreUrl.parse("data/traces.sqlite");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:sqlite:data/traces.sqlite");
        assertThat(url.description()).isEqualTo("sqlite:data/traces.sqlite");
    }

    @Test
    void describesPostgresqlWithoutUserOrPasswordAndRedactsThePasswordFromMessages() {
        StoreUrl query = StoreUrl.parse("jdbc:postgresql://db:5432/traces?user=app&password=s3cret&ssl=true");
        StoreUrl userInfo = StoreUrl.parse("jdbc:postgresql://app:t0psecret@db/traces");

        assertThat(query.description()).isEqualTo("postgresql://db:5432/traces");
        assertThat(query.redact("login with s3cret failed")).isEqualTo("login with *** failed");
        assertThat(userInfo.description()).isEqualTo("postgresql://db/traces");
        assertThat(userInfo.redact("bad t0psecret")).isEqualTo("bad ***");
    }

    @Test
    void refusesABlankUrlSayingWhichUrlsWork() {
        assertThatThrownBy(() -> StoreUrl.parse(" "))
                .isInstanceOf(TraceStoreException.class)
                .hasMessageContaining("jdbc:sqlite:<file>");
    }
}
