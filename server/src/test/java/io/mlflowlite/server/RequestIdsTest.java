package io.mlflowlite.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestIdsTest {
    @Test
    void newIdsStartWithTheirMillisecondAndAreUnique() {
        long before = System.currentTimeMillis();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(RequestIds.next());
        }
        long after = System.currentTimeMillis();

        assertThat(ids).hasSize(10_000).allSatisfy(id -> {
            assertThat(id).matches("req_[0-9a-f]{24}");
            assertThat(Long.parseLong(id.substring(4, 16), 16)).isBetween(before, after);
        });
    }
}
