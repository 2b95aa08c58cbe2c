package dev.switchboard.launcher.bench;

import java.util.List;

/** p50, p99 and max of a set of latencies, in milliseconds; all zero when the set is empty. */
public record LatencySummary(double p50, double p99, double max, int count) {
    static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0);

    static LatencySummary ofMillis(List<Double> millis) {
        if (millis.isEmpty()) {
            return EMPTY;
        }
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new LatencySummary(percentile(sorted, 50), percentile(sorted, 99), sorted[sorted.length - 1], sorted.length);
    }

    /** Nearest rank: the smallest value at or above the given share of the values. */
    static double percentile(double[] sorted, double percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
    }
}
