package dev.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LogisticRegressionTest {
    @Test
    void shouldLearnALinearlySeparableProblem() {
        // Label 1 when 2*x0 - x1 > 0.3; x2 is noise.
        Random random = new Random(1);
        int n = 400;
        double[][] x = new double[n][3];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                x[i][j] = random.nextGaussian();
            }
            y[i] = 2 * x[i][0] - x[i][1] > 0.3 ? 1 : 0;
        }
        LogisticRegression.Fit fit = LogisticRegression.train(x, y, new LogisticRegression.Settings(1.0, 2000, 0.0, 7));

        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = fit.probability(x[i]);
        }
        assertThat(Metrics.accuracy(p, y)).isGreaterThan(0.97);
        assertThat(Metrics.auc(p, y)).isGreaterThan(0.99);
        assertThat(fit.weights()[0]).isPositive();
        assertThat(fit.weights()[1]).isNegative();
        assertThat(Math.abs(fit.weights()[2])).isLessThan(Math.abs(fit.weights()[1]) / 5);
        assertThat(fit.finalLoss()).isLessThan(0.1);
    }

    @Test
    void shouldShrinkWeightsWithL2AndStayDeterministic() {
        double[][] x = {{1}, {2}, {-1}, {-2}};
        int[] y = {1, 1, 0, 0};
        LogisticRegression.Settings strong = new LogisticRegression.Settings(0.5, 500, 1.0, 7);
        LogisticRegression.Fit a = LogisticRegression.train(x, y, strong);
        LogisticRegression.Fit b = LogisticRegression.train(x, y, strong);
        LogisticRegression.Fit free = LogisticRegression.train(x, y, new LogisticRegression.Settings(0.5, 500, 0.0, 7));

        assertThat(a.weights()).containsExactly(b.weights());
        assertThat(a.weights()[0]).isLessThan(free.weights()[0]);
    }

    @Test
    void shouldComputeLogLossStably() {
        assertThat(LogisticRegression.logLoss(0, 1)).isCloseTo(Math.log(2), within(1e-12));
        assertThat(LogisticRegression.logLoss(1000, 0)).isCloseTo(1000, within(1e-9));
        assertThat(LogisticRegression.logLoss(1000, 1)).isCloseTo(0, within(1e-9));
        assertThat(LogisticRegression.sigmoid(-1000)).isZero();
    }

    @Test
    void shouldComputeAucWithTies() {
        assertThat(Metrics.auc(new double[] {0.1, 0.4, 0.35, 0.8}, new int[] {0, 0, 1, 1})).isCloseTo(0.75, within(1e-12));
        assertThat(Metrics.auc(new double[] {0.5, 0.5}, new int[] {0, 1})).isCloseTo(0.5, within(1e-12));
    }
}
