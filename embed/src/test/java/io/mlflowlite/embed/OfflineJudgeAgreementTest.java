package io.mlflowlite.embed;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowlite.eval.JudgeAgreement;
import io.mlflowlite.eval.JudgeModels;
import io.mlflowlite.eval.JudgingSet;
import io.mlflowlite.eval.ScoringContext;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.tracing.Tracing;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The offline judge against the bundled labelled judging set, through the gateway as an evaluation calls it:
 * at least 0.85 accuracy over the whole set and on the held-out part alone.
 */
class OfflineJudgeAgreementTest {
    private static Gateway gateway;
    private static JudgeAgreement.Report report;

    @BeforeAll
    static void judgeTheSet() {
        gateway = Gateway.builder()
                .env(Map.of())
                .tracing(Tracing.builder().enabled(false).build())
                .build();
        report = JudgeAgreement.run(
                JudgingSet.bundled(), ScoringContext.direct(gateway, JudgeModels.LOCAL), "bundled judging set", 2);
        System.out.println(report.toTable());
        if (Boolean.getBoolean("judges.verbose")) {
            for (JudgeAgreement.Outcome o : report.disagreements()) {
                if (o.judgingCase().split().equals(System.getProperty("judges.split", JudgingSet.DEV))) {
                    System.out.println(
                            o.judgingCase().id() + " " + o.judgingCase().kind() + " want "
                                    + o.judgingCase().expectedVerdict() + " | "
                                    + o.judgingCase().response() + " | "
                                    + o.rationale());
                }
            }
        }
    }

    @AfterAll
    static void close() {
        gateway.close();
    }

    @Test
    void everyCaseIsJudgedWithoutError() {
        assertThat(report.outcomes()).hasSize(JudgingSet.bundled().size());
        assertThat(report.errors(null)).isZero();
    }

    @Test
    void agreesWithAtLeast85PercentOfTheLabels() {
        assertThat(report.accuracy(null, null)).isGreaterThanOrEqualTo(0.85);
    }

    @Test
    void theHeldOutPartAloneIsAt85PercentToo() {
        assertThat(report.accuracy(null, JudgingSet.HELDOUT)).isGreaterThanOrEqualTo(0.85);
    }
}
