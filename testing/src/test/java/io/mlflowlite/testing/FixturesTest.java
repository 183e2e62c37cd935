package io.mlflowlite.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FixturesTest {

    @Test
    void readsTestResourcesWithOrWithoutLeadingSlash() {
        assertThat(Fixtures.text("openai/chat.json")).contains("\"object\": \"chat.completion\"");
        assertThat(Fixtures.text("/openai/chat.json")).isEqualTo(Fixtures.text("openai/chat.json"));
    }

    @Test
    void missingFixtureFailsNamingThePath() {
        assertThatThrownBy(() -> Fixtures.text("openai/nope.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'openai/nope.json'")
                .hasMessageContaining("src/test/resources/openai/nope.json");
    }
}
