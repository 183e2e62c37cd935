package io.mlflowlite.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.chat.Feedback;
import io.mlflowlite.eval.EvalRun;
import io.mlflowlite.eval.EvalRunStore;
import io.mlflowlite.eval.EvalRunStoreContract;
import io.mlflowlite.eval.EvalRunStoreException;
import io.mlflowlite.eval.EvalRunStores;
import io.mlflowlite.eval.EvalUsage;
import io.mlflowlite.eval.RowResult;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * The run store contract on a real database opened by URL (as the CLI does), plus what only a database can get
 * wrong: a row save that fails half-way, reopening, exact decimals, the trace link, a closed store.
 */
abstract class JdbcEvalRunStoreContract extends EvalRunStoreContract {
    private String url;

    /** The URL of a new, empty database. */
    protected abstract String freshDatabaseUrl();

    /** SQL that makes every later insert of an {@code eval_rows} row with {@code index} fail inside the database. */
    protected abstract List<String> failInsertsOfRow(int index);

    @Override
    protected EvalRunStore newStore() {
        url = freshDatabaseUrl();
        return EvalRunStores.open(url);
    }

    private void sql(String statement) {
        Jdbi.create(url).useHandle(h -> h.execute(statement));
    }

    @Test
    void opensThroughTheServiceLoaderAsAJdbcStore() {
        assertThat(store).isInstanceOf(JdbcEvalRunStore.class);
        assertThat(store.describe()).doesNotContain("password").matches("(sqlite|postgresql):.*");
    }

    @Test
    void aRowSaveThatFailsHalfWaySavesNoneOfItsRows() {
        store.saveRun(run("er-1", "resumed", Instant.parse("2026-01-02T03:04:05Z")));
        List<RowResult> original =
                IntStream.range(0, 4).mapToObj(EvalRunStoreContract::row).toList();
        store.saveRows("er-1", original);
        failInsertsOfRow(6).forEach(this::sql);
        // a resume redoing rows 2 and 3 and adding 4..7: row 6 fails in the database after 2..5 were written
        List<RowResult> resumed = IntStream.range(2, 8)
                .mapToObj(i -> row(i).withFeedbacks(
                                List.of(new Feedback("correctness", "no", "redone", "LLM_JUDGE:m")), EvalUsage.ZERO))
                .toList();

        assertThatThrownBy(() -> store.saveRows("er-1", resumed))
                .isInstanceOf(EvalRunStoreException.class)
                .hasMessageContaining("save 6 row(s) of evaluation run 'er-1'")
                .hasMessageContaining("injected failure");

        assertThat(store.rows("er-1")).containsExactlyElementsOf(original);
    }

    @Test
    void runsAndRowsSurviveReopeningTheDatabase() {
        EvalRun run = run("er-1", "kept", Instant.parse("2026-01-02T03:04:05.987654Z"));
        store.saveRun(run);
        store.saveRows("er-1", List.of(row(0), row(1)));
        store.close();

        try (EvalRunStore reopened = EvalRunStores.open(url)) {
            assertThat(reopened.run("er-1")).contains(run);
            assertThat(reopened.rows("er-1")).containsExactly(row(0), row(1));
        }
        store = EvalRunStores.open(url);
    }

    @Test
    void costsReadBackExactlyToTheLastDigit() {
        EvalRun run = run("er-1", "exact", Instant.parse("2026-01-02T03:04:05Z"))
                .withTotals(
                        new EvalUsage(1, 2, new BigDecimal("123456789.000000000123456789")),
                        new EvalUsage(3, 4, new BigDecimal("0.000000000000000001")),
                        5,
                        6);
        store.saveRun(run);

        EvalRun back = store.run("er-1").orElseThrow();
        assertThat(back.appUsage().costUsd()).isEqualTo(new BigDecimal("123456789.000000000123456789"));
        assertThat(back.judgeUsage().costUsd()).isEqualTo(new BigDecimal("1E-18"));
        assertThat(back).isEqualTo(run);
    }

    @Test
    void eachRowKeepsItsTraceIdSoATraceLeadsToItsEvaluations() {
        store.saveRun(run("er-1", "linked", Instant.parse("2026-01-02T03:04:05Z")));
        store.saveRows("er-1", List.of(row(0), row(7)));
        String traceId = row(7).traceId().orElseThrow();

        List<String> found = Jdbi.create(url)
                .withHandle(h -> h.createQuery("SELECT run_id || '/' || row_index FROM eval_rows WHERE trace_id = :t")
                        .bind("t", traceId)
                        .mapTo(String.class)
                        .list());
        assertThat(found).containsExactly("er-1/7");
    }

    @Test
    void aClosedStoreSaysSo() {
        store.close();

        assertThatThrownBy(() -> store.recent(1))
                .isInstanceOf(EvalRunStoreException.class)
                .hasMessageContaining("is closed");
        store = EvalRunStores.open(url);
    }

    @Test
    void searchTreatsLikeWildcardsAsPlainCharacters() {
        Instant t = Instant.parse("2026-03-01T00:00:00Z");
        store.saveRun(run("er-a", "100% recall", t));
        store.saveRun(run("er-b", "1000 rows", t.plusSeconds(1)));
        store.saveRun(run("er-c", "a_b", t.plusSeconds(2)));
        store.saveRun(run("er-d", "axb", t.plusSeconds(3)));

        assertThat(store.searchByName("0%", 10)).extracting(EvalRun::runId).containsExactly("er-a");
        assertThat(store.searchByName("a_b", 10)).extracting(EvalRun::runId).containsExactly("er-c");
    }
}
