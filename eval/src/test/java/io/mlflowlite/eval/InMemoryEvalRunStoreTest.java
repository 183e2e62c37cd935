package io.mlflowlite.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.error.ConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The store contract in memory, and opening stores by URL. */
class InMemoryEvalRunStoreTest extends EvalRunStoreContract {
    @Override
    protected EvalRunStore newStore() {
        return EvalRunStores.open(EvalRunStores.MEMORY);
    }

    @Test
    void memoryUrlOpensAnInMemoryStoreAndUnknownUrlsNameWhatWorks() {
        assertThat(EvalRunStores.open("memory")).isInstanceOf(InMemoryEvalRunStore.class);
        assertThat(EvalRunStores.fromEnv(Map.of())).isInstanceOf(InMemoryEvalRunStore.class);
        assertThatThrownBy(() -> EvalRunStores.open("redis://localhost"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("redis://localhost")
                .hasMessageContaining("mlflowlite-store");
    }
}
