package io.mlflowlite.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordedRequestTest {

    @Test
    void headerNamesAreLowerCasedAndMergedSoLookupsIgnoreCase() {
        RecordedRequest request = new RecordedRequest(
                "POST", "/v1", Map.of("X-Api-Key", List.of("k1"), "x-api-key", List.of("k2")), "", 0);

        assertThat(request.headers()).containsOnlyKeys("x-api-key");
        assertThat(request.headers().get("x-api-key")).containsExactlyInAnyOrder("k1", "k2");
        assertThat(request.header("X-API-KEY")).isPresent();
        assertThat(request.header("anthropic-version")).isEmpty();
    }

    @Test
    void isImmutableEvenWhenBuiltFromMutableCollections() {
        List<String> values = new ArrayList<>(List.of("a"));
        RecordedRequest request = new RecordedRequest("GET", "/", Map.of("h", values), "", 0);
        values.add("b");

        assertThat(request.headers().get("h")).containsExactly("a");
        assertThatThrownBy(() -> request.headers().put("x", List.of()))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void queryParamDecodesValuesAndTreatsBareNamesAsEmpty() {
        RecordedRequest request = new RecordedRequest(
                "POST",
                "/v1beta/models/gemini-1.5-flash:streamGenerateContent?alt=sse&key=k%2B1&flag",
                Map.of(),
                "",
                0);

        assertThat(request.path()).isEqualTo("/v1beta/models/gemini-1.5-flash:streamGenerateContent");
        assertThat(request.queryParam("key")).hasValue("k+1");
        assertThat(request.queryParam("alt")).hasValue("sse");
        assertThat(request.queryParam("flag")).hasValue("");
        assertThat(request.queryParam("other")).isEmpty();
    }

    @Test
    void jsonBodyFailsClearlyWhenTheBodyIsNotJson() {
        RecordedRequest html = new RecordedRequest("POST", "/v1", Map.of(), "<html>", 0);
        RecordedRequest empty = new RecordedRequest("GET", "/v1/models", Map.of(), "", 0);

        assertThatThrownBy(html::jsonBody)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Body of POST /v1 is not JSON: <html>");
        assertThatThrownBy(empty::jsonBody)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Expected a JSON body but GET /v1/models had none");
    }
}
