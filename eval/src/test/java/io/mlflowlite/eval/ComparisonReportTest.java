package io.mlflowlite.eval;

import static io.mlflowlite.eval.ComparisonRuns.number;
import static io.mlflowlite.eval.ComparisonRuns.result;
import static io.mlflowlite.eval.ComparisonRuns.row;
import static io.mlflowlite.eval.ComparisonRuns.timed;
import static io.mlflowlite.eval.ComparisonRuns.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The comparison printed for a terminal and as a self-contained HTML report. */
class ComparisonReportTest {
    private static final String SCRIPT = "<script>alert('pwned')</script>";

    private static EvalComparison comparison() {
        List<RowResult> b = new ArrayList<>();
        List<RowResult> c = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            b.add(timed(row(i, "Paris " + i, verdict("correctness", i != 5), number("similarity", 0.5)), 200, "0.001"));
            c.add(timed(
                    row(i, i == 2 ? SCRIPT : "Paris " + i, verdict("correctness", i != 2), number("similarity", 0.75)),
                    100,
                    "0.003"));
        }
        return EvalComparison.of(result("er-base", "baseline <b>&", b), result("er-cand", "candidate", c));
    }

    @Test
    void tableShowsRunsDeltasLatencyCostAndTheRegressedRowWithBothOutputs() {
        String table = comparison().toTable();

        assertThat(table)
                .contains("baseline   er-base  'baseline <b>&'  model mock/baseline <b>&")
                .contains("candidate  er-cand  'candidate'")
                .contains("pairing    6 rows by index (same dataset); 0 only in baseline, 0 only in candidate");
        assertThat(table)
                .containsPattern("correctness +83\\.3% +83\\.3% +0\\.0 pt +\\[\\S+, \\S+\\] pt +1 +1 +4 +0"
                        + " +no clear change");
        assertThat(table)
                .containsPattern(
                        "similarity +0\\.5 +0\\.75 +\\+0\\.25 +\\[\\+0\\.25, \\+0\\.25\\] +6 +0 +0 +0" + " +better");
        assertThat(table)
                .contains("latency    p50 200 ms -> 100 ms (-100 ms), p95 200 ms -> 100 ms (-100 ms) over 6 rows")
                .contains("app cost   $0.006 -> $0.018 (+$0.012, +200.0%); tokens 720 -> 720")
                .contains("judge cost $0 -> $0 ($0), not part of the app cost");
        assertThat(table)
                .contains("regressed rows: 1 of 6\n  row 2: correctness yes -> no\n")
                .contains("    inputs     {\"question\":\"q2\"}\n    baseline   Paris 2\n    candidate  " + SCRIPT
                        + "\n");
    }

    @Test
    void tableListsAtMostTheRequestedRegressions() {
        assertThat(comparison().toTable(0)).contains("regressed rows: 1 of 6\n  … and 1 more");
    }

    @Test
    void htmlEscapesEveryValueFromTheRunsAndCarriesNoScriptOrExternalAsset() {
        String html = comparison().toHtml();

        assertThat(html).startsWith("<!DOCTYPE html>").contains("<style>").contains("<svg");
        assertThat(html)
                .doesNotContainIgnoringCase("<script")
                .contains("&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;");
        assertThat(html).doesNotContain("<b>&").contains("baseline &lt;b&gt;&amp;");
        String withoutSvgNamespace = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assertThat(withoutSvgNamespace)
                .doesNotContain("http:")
                .doesNotContain("https:")
                .doesNotContain("src=")
                .doesNotContain("<link")
                .doesNotContain("@import")
                .doesNotContain("url(");
    }

    @Test
    void htmlHasAChartPerScorerWithWhiskersAndTheLatencyAndCostCharts() throws Exception {
        String html = comparison().toHtml();

        List<String> svgs = new ArrayList<>();
        Matcher m = Pattern.compile("<svg .*?</svg>", Pattern.DOTALL).matcher(html);
        while (m.find()) {
            svgs.add(m.group());
        }
        // correctness, similarity, latency, cost
        assertThat(svgs).hasSize(4);
        for (String svg : svgs) {
            Document doc = DocumentBuilderFactory.newInstance()
                    .newDocumentBuilder()
                    .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
            assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
        }
        assertThat(svgs.get(0))
                .contains("aria-label=\"correctness\"")
                .contains("<path d=\"M")
                .contains("<circle");
        assertThat(svgs.get(2))
                .contains("aria-label=\"Latency (ms)\"")
                .contains(">200 ms<")
                .contains(">100 ms<");
        assertThat(svgs.get(3)).contains(">$0.006<").contains(">$0.018<");
        assertThat(html).contains("<summary>row 2: correctness yes -&gt; no</summary>");
    }

    @Test
    void htmlListsRowsFoundInOneRunOnly() {
        List<RowResult> b =
                List.of(row(0, "a", verdict("ok", true)), row(1, Map.of("q", "<i>gone</i>"), "b", verdict("ok", true)));
        List<RowResult> c = List.of(row(0, "a", verdict("ok", true)));

        String html = EvalComparison.of(result("er-b", "b", b), result("er-c", "c", c))
                .toHtml();

        assertThat(html)
                .contains("<h2>Rows only in the baseline (1)</h2>")
                .contains("&lt;i&gt;gone&lt;/i&gt;")
                .doesNotContain("Rows only in the candidate");
    }
}
