package io.mlflowlite.experiments.ab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AssignmentTest {
    @Test
    void theHashIsTheDocumentedOneSoOtherProcessesAndLanguagesAgree() {
        // values computed independently (Python) from the class comment's definition: FNV-1a-64 then fmix64
        assertThat(Assignment.hash64("exp", "user-1")).isEqualTo(0xae56b4055dfc1ebaL);
        assertThat(Assignment.hash64("checkout-ab", "u42")).isEqualTo(0x7fb7b224d3737995L);
        assertThat(Assignment.hash64("ramp", "é☃")).isEqualTo(0xca4af50a9d4b4ba0L);
        assertThat(Assignment.bucket("exp", "user-1")).isEqualTo(7466);
        assertThat(Assignment.bucket("checkout-ab", "u42")).isEqualTo(5045);
        assertThat(Assignment.bucket("ramp", "é☃")).isEqualTo(7168);
    }

    @Test
    void bucketsAreUniform() {
        int keys = 400_000;
        int groups = 400; // 25 buckets per group
        long[] counts = new long[groups];
        for (int i = 0; i < keys; i++) {
            counts[Assignment.bucket("uniformity", "user-" + i) / 25]++;
        }
        double expected = (double) keys / groups;
        double chi2 = 0;
        for (long c : counts) {
            chi2 += (c - expected) * (c - expected) / expected;
        }
        // chi-square with 399 degrees of freedom: mean 399, sd sqrt(2·399) ≈ 28.2; 5 sd above the mean
        assertThat(chi2).isLessThan(399 + 5 * 28.2);
    }

    @Test
    void weightsAreHonouredAtBasisPointResolution() {
        Assignment a = Assignment.rollout("one-percent", "candidate", "control", 100);
        int n = 400_000;
        int candidate = 0;
        for (int i = 0; i < n; i++) {
            if (a.assign("req-" + i).equals("candidate")) {
                candidate++;
            }
        }
        // binomial(400000, 0.01): sd ≈ 63; allow 5 sd
        assertThat(candidate).isBetween(4000 - 315, 4000 + 315);
    }

    @Test
    void assignmentIsStickyAndDependsOnTheSalt() {
        Assignment a = Assignment.of("sticky", List.of(new Variant("a", 5000), new Variant("b", 5000)));
        Assignment again = Assignment.of("sticky", List.of(new Variant("a", 5000), new Variant("b", 5000)));
        Assignment other = Assignment.of("other", List.of(new Variant("a", 5000), new Variant("b", 5000)));
        int differ = 0;
        for (int i = 0; i < 10_000; i++) {
            String key = "user-" + i;
            assertThat(a.assign(key)).isEqualTo(a.assign(key)).isEqualTo(again.assign(key));
            if (!a.assign(key).equals(other.assign(key))) {
                differ++;
            }
        }
        assertThat(differ).isBetween(4500, 5500); // independent salts: about half differ
    }

    @Test
    void rampingUpKeepsEveryCandidateUnitAndRampingDownOnlyReturnsUnitsToControl() {
        int[] stages = {100, 500, 2500, 5000, 10_000};
        int keys = 50_000;
        for (int s = 1; s < stages.length; s++) {
            Assignment before = Assignment.rollout("ramp", "candidate", "control", stages[s - 1]);
            Assignment after = Assignment.rollout("ramp", "candidate", "control", stages[s]);
            for (int i = 0; i < keys; i++) {
                String key = "user-" + i;
                if (before.assign(key).equals("candidate")) {
                    assertThat(after.assign(key)).as("ramp up keeps %s", key).isEqualTo("candidate");
                }
                // read backwards: a ramp down from stages[s] to stages[s-1] only moves candidate units to control
                if (after.assign(key).equals("control")) {
                    assertThat(before.assign(key))
                            .as("ramp down moves %s only to control", key)
                            .isEqualTo("control");
                }
            }
        }
    }

    @Test
    void badWeightsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> Assignment.of("x", List.of(new Variant("a", 5000), new Variant("b", 4000))))
                .hasMessageContaining("add up to 10000");
        assertThatThrownBy(() -> Assignment.of("x", List.of(new Variant("a", 5000), new Variant("a", 5000))))
                .hasMessageContaining("appears twice");
        assertThatThrownBy(() -> new Variant("a", 10_001)).hasMessageContaining("0..10000");
        assertThat(Variant.percent("a", 2.5).basisPoints()).isEqualTo(250);
    }
}
