package dev.switchboard.benchmarks;

import java.util.Arrays;

/** Latency percentiles over recorded nanoseconds. */
final class Percentiles {
    private final long[] nanos;

    Percentiles(long[] nanos) {
        this.nanos = nanos.clone();
        Arrays.sort(this.nanos);
    }

    double millis(double percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * nanos.length) - 1;
        return nanos[Math.max(0, Math.min(index, nanos.length - 1))] / 1e6;
    }
}
