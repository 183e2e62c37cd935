package io.mlflowlite.cost;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.chat.Cost;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class CostFormatTest {
    @Test
    void dollarsAreShownExactlyWithoutTrailingZerosOrExponents() {
        assertThat(Cost.usd(new BigDecimal("0.000006150"))).isEqualTo("$0.00000615");
        assertThat(Cost.usd(new BigDecimal("0.0000001"))).isEqualTo("$0.0000001");
        assertThat(Cost.usd(new BigDecimal("12.50"))).isEqualTo("$12.5");
        assertThat(Cost.usd(new BigDecimal("0E-9"))).isEqualTo("$0");
        assertThat(Cost.usd(new BigDecimal("100"))).isEqualTo("$100");
    }
}
