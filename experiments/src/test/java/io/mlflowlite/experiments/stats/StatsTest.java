package io.mlflowlite.experiments.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.core.type.TypeReference;
import io.mlflowlite.json.Json;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StatsTest {
    @Test
    void normalQuantilesAndCdf() {
        assertThat(Normal.quantile(0.975)).isCloseTo(1.959964, within(1e-6));
        assertThat(Normal.quantile(0.8)).isCloseTo(0.841621, within(1e-6));
        assertThat(Normal.quantile(0.001)).isCloseTo(-3.090232, within(1e-6));
        assertThat(Normal.cdf(1.959964)).isCloseTo(0.975, within(1e-6));
        assertThat(Normal.cdf(-1)).isCloseTo(0.158655, within(1e-6));
    }

    @Test
    void momentsMatchTwoPassAndMergeExactly() throws Exception {
        SplittableRandom r = new SplittableRandom(7);
        double[] xs = new double[10_001];
        Moments all = new Moments();
        Moments left = new Moments();
        Moments right = new Moments();
        for (int i = 0; i < xs.length; i++) {
            xs[i] = 1000 + 50 * r.nextGaussian();
            all.add(xs[i]);
            (i < 3000 ? left : right).add(xs[i]);
        }
        double mean = Arrays.stream(xs).average().orElseThrow();
        double ss = Arrays.stream(xs).map(x -> (x - mean) * (x - mean)).sum();
        assertThat(all.mean()).isCloseTo(mean, within(1e-9));
        assertThat(all.variance()).isCloseTo(ss / (xs.length - 1), within(1e-6));
        left.merge(right);
        assertThat(left.count()).isEqualTo(all.count());
        assertThat(left.mean()).isCloseTo(all.mean(), within(1e-9));
        assertThat(left.variance()).isCloseTo(all.variance(), within(1e-6));
        assertThat(left.min()).isEqualTo(all.min());
        assertThat(left.binary()).isFalse();

        String json = Json.MAPPER.writeValueAsString(all.toMap());
        Moments back = Moments.fromMap(Json.MAPPER.readValue(json, new TypeReference<Map<String, Object>>() {}));
        assertThat(back.toMap()).isEqualTo(all.toMap());
    }

    @Test
    void sketchQuantilesAreWithinOnePercentAndMergeExactly() throws Exception {
        SplittableRandom r = new SplittableRandom(11);
        int n = 100_000;
        double[] xs = new double[n];
        QuantileSketch whole = new QuantileSketch();
        QuantileSketch a = new QuantileSketch();
        QuantileSketch b = new QuantileSketch();
        for (int i = 0; i < n; i++) {
            xs[i] = 800 * Math.exp(0.8 * r.nextGaussian());
            whole.add(xs[i]);
            (i % 3 == 0 ? a : b).add(xs[i]);
        }
        Arrays.sort(xs);
        for (double q : new double[] {0.01, 0.5, 0.9, 0.95, 0.99, 0.999}) {
            double exact = xs[(int) Math.floor(q * (n - 1))];
            assertThat(whole.quantile(q)).as("q=%s", q).isCloseTo(exact, within(0.01 * exact));
        }
        a.merge(b);
        assertThat(a.toMap()).isEqualTo(whole.toMap());
        // exact except for values sharing the threshold's bucket (within about 2 % above it)
        long above = Arrays.stream(xs).filter(x -> x > 2000).count();
        long clearlyAbove = Arrays.stream(xs).filter(x -> x > 2000 * 1.0203).count();
        assertThat(whole.countAbove(2000)).isBetween(clearlyAbove, above);

        String json = Json.MAPPER.writeValueAsString(whole.toMap());
        QuantileSketch back =
                QuantileSketch.fromMap(Json.MAPPER.readValue(json, new TypeReference<Map<String, Object>>() {}));
        assertThat(back.quantile(0.95)).isEqualTo(whole.quantile(0.95));
        assertThat(back.count()).isEqualTo(n);
    }

    @Test
    void theConfidenceSequenceIsTheDocumentedFormula() {
        SequentialTest test = SequentialTest.forEffect(0.05);
        double v = 0.3475 / 2115;
        // computed independently (Python) from the formula in SequentialTest's comment
        assertThat(test.halfWidth(v)).isCloseTo(0.0392038057, within(1e-9));
        assertThat(Math.exp(-test.logLikelihoodRatio(0.04, v))).isCloseTo(0.0417604870, within(1e-9));
    }

    @Test
    void pValueBelowAlphaExactlyWhenTheIntervalExcludesZero() {
        SequentialTest test = SequentialTest.forEffect(0.05);
        Sample control = Sample.proportion(800, 1000);
        for (int k = 700; k <= 900; k += 5) {
            Sample candidate = Sample.proportion(k, 1000);
            boolean excludes = !test.confidenceSequence(control, candidate).contains(0);
            assertThat(test.pValue(control, candidate) <= 0.05).as("k=%d", k).isEqualTo(excludes);
        }
    }

    @Test
    void theAlwaysValidIntervalIsWiderThanTheFixedHorizonOne() {
        SequentialTest test = SequentialTest.forEffect(0.05);
        Sample control = Sample.proportion(1600, 2000);
        Sample candidate = Sample.proportion(1540, 2000);
        Comparison c = test.compare(control, candidate, Direction.HIGHER_IS_BETTER);
        assertThat(c.interval().width()).isGreaterThan(c.fixedHorizonInterval().width());
        assertThat(c.fixedHorizonInterval().lower()).isGreaterThan(c.interval().lower());
        assertThat(c.difference()).isCloseTo(-0.03, within(1e-12));
    }

    @Test
    void verdictsAndNonInferiorityFollowTheDirection() {
        SequentialTest test = SequentialTest.forEffect(0.05);
        Sample control = Sample.proportion(8000, 10_000);
        Sample worse = Sample.proportion(7000, 10_000);
        Sample same = Sample.proportion(8010, 10_000);
        assertThat(test.compare(control, worse, Direction.HIGHER_IS_BETTER).verdict())
                .isEqualTo(Verdict.HARM);
        assertThat(test.compare(control, worse, Direction.LOWER_IS_BETTER).verdict())
                .isEqualTo(Verdict.WINNER);
        Comparison tie = test.compare(control, same, Direction.HIGHER_IS_BETTER);
        assertThat(tie.verdict()).isEqualTo(Verdict.NO_DIFFERENCE_YET);
        assertThat(tie.nonInferiority(0.05)).isEqualTo(NonInferiority.NON_INFERIOR);
        assertThat(test.compare(control, worse, Direction.HIGHER_IS_BETTER).nonInferiority(0.05))
                .isEqualTo(NonInferiority.INFERIOR);
        // lower is better (e.g. error rate 3 % against 1 %, margin 0.5 points): inferior
        Comparison errors =
                test.compare(Sample.proportion(100, 10_000), Sample.proportion(300, 10_000), Direction.LOWER_IS_BETTER);
        assertThat(errors.verdict()).isEqualTo(Verdict.HARM);
        assertThat(errors.nonInferiority(0.005)).isEqualTo(NonInferiority.INFERIOR);
        assertThat(errors.nonInferiority(0.05)).isEqualTo(NonInferiority.NON_INFERIOR);
    }

    @Test
    void tooLittleDataSaysNothing() {
        SequentialTest test = SequentialTest.forEffect(0.05);
        Comparison c = test.compare(Sample.proportion(1, 1), Sample.proportion(0, 1), Direction.HIGHER_IS_BETTER);
        assertThat(c.interval()).isEqualTo(Interval.UNBOUNDED);
        assertThat(c.pValue()).isEqualTo(1);
        assertThat(c.verdict()).isEqualTo(Verdict.NO_DIFFERENCE_YET);
        // all-pass against all-pass still has uncertainty (the smoothed variance), not a zero-width interval
        Comparison allPass =
                test.compare(Sample.proportion(30, 30), Sample.proportion(30, 30), Direction.HIGHER_IS_BETTER);
        assertThat(allPass.interval().width()).isGreaterThan(0.1);
    }

    @Test
    void sampleSizePredictionIsConsistentWithTheMinimumDetectableEffect() {
        SequentialTest test = SequentialTest.forEffect(0.05);
        long n = test.sampleSizePerArm(0.80, 0.75);
        Sample control = new Sample(n, 0.80, 0.16, false);
        Sample candidate = new Sample(n, 0.75, 0.1875, false);
        assertThat(test.minimumDetectableEffect(control, candidate, 0.8)).isLessThanOrEqualTo(0.05);
        Sample fewer = new Sample(n - 1, 0.75, 0.1875, false);
        Sample fewerControl = new Sample(n - 1, 0.80, 0.16, false);
        assertThat(test.minimumDetectableEffect(fewerControl, fewer, 0.8)).isGreaterThan(0.05);
        assertThat(test.sampleSizePerArm(0.80, 0.70)).isLessThan(n);
        // continuous monitoring costs samples: more than the fixed-horizon test read once
        assertThat(n).isGreaterThan(FixedHorizon.sampleSizePerArm(0.3475, 0.05, 0.05, 0.8));
    }

    @Test
    void tighteningKeepsTheNarrowerIntervalAndTheSmallerPValue() {
        SequentialTest test = SequentialTest.forEffect(0.05);
        Comparison first =
                test.compare(Sample.proportion(400, 500), Sample.proportion(370, 500), Direction.HIGHER_IS_BETTER);
        Comparison second =
                test.compare(Sample.proportion(800, 1000), Sample.proportion(790, 1000), Direction.HIGHER_IS_BETTER);
        Comparison tight = second.tighten(first);
        assertThat(tight.interval().width())
                .isLessThanOrEqualTo(second.interval().width());
        assertThat(tight.pValue()).isEqualTo(Math.min(first.pValue(), second.pValue()));
        assertThat(second.tighten(null)).isSameAs(second);
    }
}
