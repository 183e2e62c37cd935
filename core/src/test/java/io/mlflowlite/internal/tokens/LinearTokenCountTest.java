package io.mlflowlite.internal.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Counting in slices gives the encoder's own count for ordinary text, and stays linear for text without spaces. */
class LinearTokenCountTest {
    private static final Encoding CL100K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

    @Test
    void proseCountsExactlyAsTheEncoderWould() {
        String prose = "The quick brown fox jumps over the lazy dog, then 12345 more times.\n".repeat(500)
                + "Ünïcödé and emoji 🙂 too. ".repeat(100);

        assertThat(LinearTokenCount.count(CL100K, prose)).isEqualTo(CL100K.countTokensOrdinary(prose));
    }

    @Test
    void aSliceNeverEndsInsideASurrogatePair() {
        String emoji = "🙂".repeat(LinearTokenCount.SLICE);

        int cut = LinearTokenCount.cut(emoji, 1);

        assertThat(Character.isLowSurrogate(emoji.charAt(cut))).isFalse();
    }

    // a deadline, not a measurement: counted whole, this text took minutes (merging costs the square of a run)
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void fourMebibytesWithoutASpaceAreCountedInLinearTime() {
        String run = "a".repeat(4 * 1024 * 1024);

        int tokens = LinearTokenCount.count(CL100K, run);

        int slices = run.length() / LinearTokenCount.SLICE;
        assertThat(tokens).isEqualTo(slices * CL100K.countTokensOrdinary("a".repeat(LinearTokenCount.SLICE)));
    }
}
