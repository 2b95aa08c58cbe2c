package dev.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouterEvaluationTest {
    /**
     * Ten prompts: weak right on 5 (p0..p4, strong also right), strong right on 9 (all but p9, where the weak model
     * is wrong too). p5..p8 are the four prompts where only the strong model is right. weakOnly = 0.5, strongOnly
     * = 0.9, gap = 0.4.
     */
    private static List<Example> tenPrompts() {
        List<Example> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rows.add(new Example("s", "p" + i, i < 5, i < 9));
        }
        return rows;
    }

    @Test
    void shouldRecoverTheGapFastestWithAnOracle() {
        // Oracle: the four strong-only prompts first, then p9 (nobody right), then the rest.
        double[] oracle = {0, 0, 0, 0, 0, 4, 4, 4, 4, 2};
        RouterEvaluation.Result r = RouterEvaluation.evaluate("oracle", tenPrompts(), oracle);

        assertThat(r.weakOnly()).isEqualTo(0.5);
        assertThat(r.strongOnly()).isEqualTo(0.9);
        // 10% = 1 prompt strong (p5): quality 0.6, gap (0.6-0.5)/0.4 = 0.25; 40% = 4 prompts: quality 0.9, gap 1.
        assertThat(r.atPercent(10).quality()).isCloseTo(0.6, within(1e-12));
        assertThat(r.atPercent(10).gapRecovered()).isCloseTo(0.25, within(1e-12));
        assertThat(r.atPercent(40).gapRecovered()).isCloseTo(1.0, within(1e-12));
        assertThat(r.atPercent(90).gapRecovered()).isCloseTo(1.0, within(1e-12));
        // On the 1% grid with n = 10, k = round(pct/10): gap = k/4 for k <= 4, then 1.
        // pct 0..4 -> k 0 (gap 0); 5..14 -> k 1 (round half up: 5 -> 1); 15..24 -> 2; 25..34 -> 3; 35.. -> 4.
        assertThat(r.shareFor50()).isCloseTo(0.15, within(1e-12));
        assertThat(r.shareFor80()).isCloseTo(0.35, within(1e-12));
        assertThat(r.apgr()).isCloseTo(trapezoid(tenPrompts(), oracle), within(1e-12));
        // By hand: sum of gaps at pct 0..100 = 0*5 + .25*10 + .5*10 + .75*10 + 1*66 = 81; the trapezoid counts the two
        // end points (0 and 1) half: (81 - 0.5) / 100 = 0.805.
        assertThat(r.apgr()).isCloseTo(0.805, within(1e-12));
    }

    @Test
    void shouldGiveTheWorstOrderTheLowestApgr() {
        double[] worst = {4, 4, 4, 4, 4, 0, 0, 0, 0, 1};
        RouterEvaluation.Result r = RouterEvaluation.evaluate("worst", tenPrompts(), worst);

        assertThat(r.atPercent(50).gapRecovered()).isCloseTo(0, within(1e-12));
        assertThat(r.atPercent(60).gapRecovered()).isCloseTo(0, within(1e-12)); // p9 helps nobody
        assertThat(r.atPercent(70).gapRecovered()).isCloseTo(0.25, within(1e-12));
        assertThat(r.apgr()).isLessThan(0.5);
        assertThat(r.shareFor80()).isCloseTo(0.95, within(1e-12));
    }

    @Test
    void shouldBreakTiesByInputOrder() {
        double[] ties = new double[10];
        RouterEvaluation.Result r = RouterEvaluation.evaluate("constant", tenPrompts(), ties);
        // Ties keep input order: p0..p4 first (no gain), so the gap opens only after 50%.
        assertThat(r.atPercent(50).gapRecovered()).isCloseTo(0, within(1e-12));
        assertThat(r.atPercent(90).gapRecovered()).isCloseTo(1, within(1e-12));
    }

    @Test
    void shouldMakeTheRandomExpectationLinear() {
        RouterEvaluation.Result r = RouterEvaluation.randomExpectation(tenPrompts());

        for (int pct = 0; pct <= 100; pct += 10) {
            assertThat(r.atPercent(pct).gapRecovered()).isCloseTo(pct / 100.0, within(1e-12));
            assertThat(r.atPercent(pct).quality()).isCloseTo(0.5 + 0.4 * pct / 100.0, within(1e-12));
        }
        assertThat(r.shareFor50()).isCloseTo(0.45, within(1e-12)); // k = round(4.5) = 5
        assertThat(r.shareFor80()).isCloseTo(0.75, within(1e-12)); // k = round(7.5) = 8
    }

    @Test
    void shouldHaveRandomRoutersAverageNearTheExpectation() {
        List<Example> rows = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            rows.add(new Example("s", "prompt " + i, i % 3 == 0, i % 5 != 0));
        }
        double mean = 0;
        for (int seed = 1; seed <= 20; seed++) {
            mean += RouterEvaluation.evaluate("random", rows, new RandomRouter(seed)).apgr() / 20;
        }
        assertThat(RouterEvaluation.randomExpectation(rows).apgr()).isCloseTo(0.5, within(1e-3));
        assertThat(mean).isCloseTo(0.5, within(0.05));
    }

    @Test
    void shouldScoreTheSamePromptTheSameWayUnderOneSeed() {
        assertThat(new RandomRouter(3).score("x")).isEqualTo(new RandomRouter(3).score("x"));
        assertThat(new RandomRouter(3).score("x")).isNotEqualTo(new RandomRouter(4).score("x"));
    }

    /** An independent computation of APGR straight from the definition. */
    private static double trapezoid(List<Example> rows, double[] scores) {
        int n = rows.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> scores[b] != scores[a] ? Double.compare(scores[b], scores[a]) : a - b);
        double weak = rows.stream().filter(Example::weakCorrect).count() / (double) n;
        double strong = rows.stream().filter(Example::strongCorrect).count() / (double) n;
        double[] gaps = new double[101];
        for (int pct = 0; pct <= 100; pct++) {
            int k = (int) Math.round(pct * n / 100.0);
            int correct = 0;
            for (int j = 0; j < n; j++) {
                Example e = rows.get(order[j]);
                correct += (j < k ? e.strongCorrect() : e.weakCorrect()) ? 1 : 0;
            }
            gaps[pct] = (correct / (double) n - weak) / (strong - weak);
        }
        double area = 0;
        for (int i = 1; i <= 100; i++) {
            area += (gaps[i - 1] + gaps[i]) / 2;
        }
        return area / 100;
    }
}
