package io.mlflowlite.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.json.Json;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The trace metadata MLflow reads is written without JSON trees, as exactly the text the trees gave. */
class TraceMetadataJsonTest {
    @Test
    void tokenUsageReadsAsItsTreeDid() {
        for (long[] tokens : new long[][] {{0, 0}, {24, 8}, {Long.MAX_VALUE / 2, 3}}) {
            long in = tokens[0];
            long out = tokens[1];
            assertThat(InFlightTrace.tokenUsageJson(in, out))
                    .isEqualTo(Json.object()
                            .put("input_tokens", in)
                            .put("output_tokens", out)
                            .put("total_tokens", in + out)
                            .toString());
        }
    }

    @Test
    void costReadsAsItsTreeDidWithEveryDigitAndScale() {
        for (String value : new String[] {
            "0",
            "0.000008400",
            "1E-10",
            "0E-9",
            "12345678901234567890.123",
            "-0.5",
            "3.14159265358979323846264338327950288"
        }) {
            BigDecimal cost = new BigDecimal(value);
            assertThat(InFlightTrace.costJson(cost))
                    .isEqualTo(Json.object().put("total_cost", cost).toString());
        }
    }
}
