package io.mlflowlite.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class IdsTest {
    @Test
    void traceIdsAreMlflowShapedAndUnique() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = Ids.traceId();
            assertThat(id).matches("tr-[0-9a-f]{32}");
            ids.add(id);
        }
        assertThat(ids).hasSize(10_000);
    }

    @Test
    void traceIdsStartWithTheirCreationTimeSoLaterOnesSortAfter() {
        long before = System.currentTimeMillis();
        String id = Ids.traceId();
        long after = System.currentTimeMillis();

        long millis = Long.parseLong(id.substring(3, 15), 16);
        assertThat(millis).isBetween(before, after);
        List<String> ids = IntStream.range(0, 50).mapToObj(i -> Ids.traceId()).toList();
        String older = ids.getFirst();
        // ids of later milliseconds sort after, whatever their random part
        assertThat(ids)
                .filteredOn(i -> i.substring(3, 15).compareTo(older.substring(3, 15)) > 0)
                .allSatisfy(later -> assertThat(later).isGreaterThan(older));
    }

    @Test
    void traceIdsKeepEightyRandomBitsWithinOneMillisecond() {
        Set<String> randomParts = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            randomParts.add(Ids.traceId().substring(15));
        }
        assertThat(randomParts).hasSize(1_000);
    }

    @Test
    void spanIdsAreSixteenHexDigits() {
        assertThat(Ids.spanId()).matches("[0-9a-f]{16}").isNotEqualTo("0000000000000000");
    }
}
