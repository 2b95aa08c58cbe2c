package dev.switchboard.routing;

import java.util.Arrays;
import java.util.Comparator;

/** Classification figures for a score against 0/1 labels. */
final class Metrics {
    private Metrics() {
    }

    /** Area under the ROC curve (Mann-Whitney, ties count half); NaN when one class is missing. */
    static double auc(double[] scores, int[] labels) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        double[] ranks = new double[n];
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                ranks[order[k]] = rank;
            }
            i = j + 1;
        }
        long pos = 0;
        double rankSum = 0;
        for (int i = 0; i < n; i++) {
            if (labels[i] == 1) {
                pos++;
                rankSum += ranks[i];
            }
        }
        long neg = n - pos;
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        return (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }

    /** Share of rows where {@code score >= 0.5} matches the label. */
    static double accuracy(double[] probabilities, int[] labels) {
        int right = 0;
        for (int i = 0; i < labels.length; i++) {
            if ((probabilities[i] >= 0.5 ? 1 : 0) == labels[i]) {
                right++;
            }
        }
        return labels.length == 0 ? Double.NaN : (double) right / labels.length;
    }
}
