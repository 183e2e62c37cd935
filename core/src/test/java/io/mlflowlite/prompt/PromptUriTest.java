package io.mlflowlite.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.error.InvalidRequestException;
import org.junit.jupiter.api.Test;

class PromptUriTest {
    @Test
    void parsesVersionsAliasesAndLatest() {
        assertThat(PromptUri.parse("prompts:/qa/3")).isEqualTo(PromptUri.of("qa", 3));
        assertThat(PromptUri.parse("prompts:/qa.v2@production")).isEqualTo(PromptUri.ofAlias("qa.v2", "production"));
        assertThat(PromptUri.parse("prompts:/qa@latest").aliasIfPresent()).contains("latest");
        assertThat(PromptUri.parse("prompts:/qa/12").toString()).isEqualTo("prompts:/qa/12");
        assertThat(PromptUri.ofAlias("qa", "staging").toString()).isEqualTo("prompts:/qa@staging");
    }

    @Test
    void malformedUrisSayWhatIsWrong() {
        assertThatThrownBy(() -> PromptUri.parse("prompt:/qa/1"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("'prompt:/qa/1' is not a prompt URI: it must start with prompts:/");
        assertThatThrownBy(() -> PromptUri.parse("prompts:/qa"))
                .hasMessageContaining("give a name then /<version> " + "or @<alias>");
        assertThatThrownBy(() -> PromptUri.parse("prompts:/qa/0")).hasMessageContaining("invalid version '0'");
        assertThatThrownBy(() -> PromptUri.parse("prompts:/qa/two")).hasMessageContaining("invalid version 'two'");
        assertThatThrownBy(() -> PromptUri.parse("prompts:/qa@")).hasMessageContaining("invalid alias ''");
        assertThatThrownBy(() -> PromptUri.parse("prompts:/qa/1/2")).hasMessageContaining("is not a prompt URI");
        assertThatThrownBy(() -> PromptUri.parse("prompts:/-x/1")).hasMessageContaining("invalid prompt name '-x'");
        assertThatThrownBy(() -> PromptUri.parse(null)).isInstanceOf(InvalidRequestException.class);
    }
}
