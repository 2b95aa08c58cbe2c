package dev.switchboard.cost.answers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Counts of latencies in fixed, log-spaced buckets, so the histograms of any windows add up exactly (a merged
 * percentile is the percentile of all the values, to the bucket's resolution; averaging windows' p99s would not be).
 *
 * <p>Bucket {@code i} holds values in ({@code UPPER[i-1]}, {@code UPPER[i]}] ms: 0, then 1 ms, 2 ms, and each next
 * bound about 2^(1/4) (19%) above the last, up to one hour; one last bucket holds everything longer. A percentile is
 * reported as the upper bound of the bucket that holds it, so it is never below the true value and at most 19% above
 * it (one bucket). The layout is part of the stored format: changing {@link #UPPER} needs new store names.
 */
public final class LatencyHistogram {
    /** Inclusive upper bound, in ms, of each bucket but the last (which has none). */
    static final long[] UPPER = bounds();
    /** Number of buckets: one per bound, plus the overflow bucket. */
    public static final int BUCKETS = UPPER.length + 1;

    private final long[] counts;

    private LatencyHistogram(long[] counts) {
        this.counts = counts;
    }

    public static LatencyHistogram empty() {
        return new LatencyHistogram(new long[BUCKETS]);
    }

    /** Reads stored counts; an empty list is an empty histogram, any other length is not this layout. */
    public static LatencyHistogram of(List<Long> counts) {
        if (counts.isEmpty()) {
            return empty();
        }
        if (counts.size() != BUCKETS) {
            throw new IllegalArgumentException("a latency histogram has " + BUCKETS + " buckets, got " + counts.size());
        }
        long[] copy = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            copy[i] = counts.get(i);
        }
        return new LatencyHistogram(copy);
    }

    /** A copy with one more value; negative values (clock skew) count as 0 ms. */
    public LatencyHistogram plus(long millis) {
        long[] next = counts.clone();
        next[bucketOf(Math.max(0, millis))]++;
        return new LatencyHistogram(next);
    }

    /** A copy holding the values of both. */
    public LatencyHistogram plus(LatencyHistogram other) {
        long[] next = counts.clone();
        for (int i = 0; i < BUCKETS; i++) {
            next[i] += other.counts[i];
        }
        return new LatencyHistogram(next);
    }

    public long count() {
        return Arrays.stream(counts).sum();
    }

    /**
     * The smallest bucket bound at or below which at least {@code percent} % of the values lie (nearest rank), or
     * null for an empty histogram; {@link Long#MAX_VALUE} when it lies in the overflow bucket (over an hour).
     */
    public Long percentile(double percent) {
        if (percent <= 0 || percent > 100) {
            throw new IllegalArgumentException("percent must be in (0, 100], was " + percent);
        }
        long total = count();
        if (total == 0) {
            return null;
        }
        long rank = (long) Math.ceil(percent / 100.0 * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return i < UPPER.length ? UPPER[i] : Long.MAX_VALUE;
            }
        }
        throw new IllegalStateException("unreachable: rank " + rank + " of " + total);
    }

    public List<Long> toList() {
        List<Long> list = new ArrayList<>(BUCKETS);
        for (long count : counts) {
            list.add(count);
        }
        return list;
    }

    static int bucketOf(long millis) {
        int at = Arrays.binarySearch(UPPER, millis);
        return at >= 0 ? at : -at - 1;
    }

    private static long[] bounds() {
        List<Long> bounds = new ArrayList<>(List.of(0L, 1L));
        long hour = 3_600_000L;
        for (int step = 1; bounds.get(bounds.size() - 1) < hour; step++) {
            long next = (long) Math.ceil(StrictMath.pow(2, step / 4.0));
            if (next > bounds.get(bounds.size() - 1)) {
                bounds.add(Math.min(next, hour));
            }
        }
        return bounds.stream().mapToLong(Long::longValue).toArray();
    }
}
