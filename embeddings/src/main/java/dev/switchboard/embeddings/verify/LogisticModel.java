package dev.switchboard.embeddings.verify;

import java.util.Arrays;
import java.util.Random;

/**
 * Logistic regression on standardised features: {@code p = σ(b + Σ w_i (x_i − mean_i) / std_i)}. Fitted by plain
 * full-batch gradient descent on the mean log loss plus {@code l2/2·|w|²} (bias not regularised), weights started
 * from {@code 0.01·N(0,1)} drawn with the seed: the same inputs give the same weights, bit for bit.
 */
public record LogisticModel(double[] means, double[] stds, double[] weights, double bias) {
    public LogisticModel {
        if (means.length != stds.length || means.length != weights.length) {
            throw new IllegalArgumentException("means, stds and weights differ in length");
        }
    }

    /** Gradient-descent settings. */
    public record Settings(double learningRate, int iterations, double l2, long seed) {
        public Settings {
            if (!(learningRate > 0) || iterations < 1 || l2 < 0) {
                throw new IllegalArgumentException("learning rate > 0, iterations >= 1 and l2 >= 0 required");
            }
        }
    }

    public double probability(double[] x) {
        double z = bias;
        for (int i = 0; i < weights.length; i++) {
            z += weights[i] * (x[i] - means[i]) / stds[i];
        }
        return 1 / (1 + Math.exp(-z));
    }

    public static LogisticModel fit(double[][] x, int[] y, Settings settings) {
        int n = x.length;
        int d = x[0].length;
        double[] means = new double[d];
        double[] stds = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                means[j] += row[j] / n;
            }
        }
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                stds[j] += (row[j] - means[j]) * (row[j] - means[j]) / n;
            }
        }
        for (int j = 0; j < d; j++) {
            stds[j] = stds[j] > 1e-12 ? Math.sqrt(stds[j]) : 1;
        }
        double[][] z = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                z[i][j] = (x[i][j] - means[j]) / stds[j];
            }
        }
        Random random = new Random(settings.seed());
        double[] w = new double[d];
        for (int j = 0; j < d; j++) {
            w[j] = 0.01 * random.nextGaussian();
        }
        double b = 0;
        double[] gradient = new double[d];
        for (int it = 0; it < settings.iterations(); it++) {
            Arrays.fill(gradient, 0);
            double gb = 0;
            for (int i = 0; i < n; i++) {
                double s = b;
                double[] zi = z[i];
                for (int j = 0; j < d; j++) {
                    s += w[j] * zi[j];
                }
                double err = 1 / (1 + Math.exp(-s)) - y[i];
                gb += err;
                for (int j = 0; j < d; j++) {
                    gradient[j] += err * zi[j];
                }
            }
            for (int j = 0; j < d; j++) {
                w[j] -= settings.learningRate() * (gradient[j] / n + settings.l2() * w[j]);
            }
            b -= settings.learningRate() * gb / n;
        }
        return new LogisticModel(means, stds, w, b);
    }
}
