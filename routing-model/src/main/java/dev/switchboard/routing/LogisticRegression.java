package dev.switchboard.routing;

import java.util.Random;

/**
 * Binary logistic regression trained by plain full-batch gradient descent on the mean log loss plus
 * {@code l2/2 * |w|^2} (the bias is not regularised). Deterministic: the weights start at small Gaussian values
 * drawn from the seed, and the gradient is summed in a fixed order.
 */
final class LogisticRegression {
    /** Training settings; validated eagerly. */
    record Settings(double learningRate, int iterations, double l2, long seed) {
        Settings {
            if (!(learningRate > 0)) {
                throw new IllegalArgumentException("learningRate must be > 0, got " + learningRate);
            }
            if (iterations < 1) {
                throw new IllegalArgumentException("iterations must be >= 1, got " + iterations);
            }
            if (!(l2 >= 0)) {
                throw new IllegalArgumentException("l2 must be >= 0, got " + l2);
            }
        }
    }

    /** The fitted model and the loss (without the L2 term) at the last iteration. */
    record Fit(double[] weights, double bias, double finalLoss) {
        double probability(double[] x) {
            return sigmoid(bias + dot(weights, x));
        }
    }

    private LogisticRegression() {
    }

    static Fit train(double[][] x, int[] y, Settings s) {
        int n = x.length;
        if (n == 0 || n != y.length) {
            throw new IllegalArgumentException("need the same positive number of rows and labels, got " + n + " and " + y.length);
        }
        int d = x[0].length;
        Random random = new Random(s.seed());
        double[] w = new double[d];
        for (int j = 0; j < d; j++) {
            w[j] = 0.01 * random.nextGaussian();
        }
        double b = 0;
        double[] grad = new double[d];
        double loss = Double.NaN;
        for (int it = 0; it < s.iterations(); it++) {
            java.util.Arrays.fill(grad, 0);
            double gradB = 0;
            loss = 0;
            for (int i = 0; i < n; i++) {
                double z = b + dot(w, x[i]);
                double p = sigmoid(z);
                loss += logLoss(z, y[i]);
                double err = p - y[i];
                gradB += err;
                double[] xi = x[i];
                for (int j = 0; j < d; j++) {
                    grad[j] += err * xi[j];
                }
            }
            loss /= n;
            for (int j = 0; j < d; j++) {
                w[j] -= s.learningRate() * (grad[j] / n + s.l2() * w[j]);
            }
            b -= s.learningRate() * gradB / n;
        }
        return new Fit(w, b, meanLoss(x, y, w, b));
    }

    static double meanLoss(double[][] x, int[] y, double[] w, double b) {
        double loss = 0;
        for (int i = 0; i < x.length; i++) {
            loss += logLoss(b + dot(w, x[i]), y[i]);
        }
        return loss / x.length;
    }

    /** -log p(y | z), computed stably. */
    static double logLoss(double z, int y) {
        double m = y == 1 ? -z : z; // loss = log(1 + e^m)
        return m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m));
    }

    static double sigmoid(double z) {
        if (z >= 0) {
            return 1 / (1 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1 + e);
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
