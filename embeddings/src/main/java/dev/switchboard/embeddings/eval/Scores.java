package dev.switchboard.embeddings.eval;

import java.util.Locale;

/** Precision, recall and F1 of "same" predictions at one threshold. */
public record Scores(double threshold, int truePositives, int falsePositives, int falseNegatives, int pairs) {
    public double precision() {
        int predicted = truePositives + falsePositives;
        return predicted == 0 ? 1.0 : (double) truePositives / predicted;
    }

    public double recall() {
        int actual = truePositives + falseNegatives;
        return actual == 0 ? 0.0 : (double) truePositives / actual;
    }

    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** {@code precision=P recall=R f1=F threshold=T pairs=N}: the evaluation command's last line. */
    public String summaryLine() {
        return String.format(Locale.ROOT, "precision=%.4f recall=%.4f f1=%.4f threshold=%.2f pairs=%d", precision(), recall(), f1(), threshold, pairs);
    }
}
