package dev.switchboard.cost;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A row of consecutive windows of one size ending with the window that contains {@code to}: the x axis of a
 * series. Windows are aligned to the epoch like Streams' tumbling windows, so a 1d bucket is a UTC day.
 */
record Buckets(String size, Duration length, List<Instant> starts) {
    static final int MAX = 1000;

    static Buckets ending(String size, Duration length, Instant to, int count) {
        if (count < 1 || count > MAX) {
            throw new IllegalArgumentException("buckets must be between 1 and " + MAX + ", was " + count);
        }
        long millis = length.toMillis();
        long last = Math.floorDiv(to.toEpochMilli(), millis) * millis;
        if (last - (count - 1) * millis < QueryTime.MIN.toEpochMilli()) {
            throw new IllegalArgumentException(count + " buckets of " + size + " ending at " + to + " would start before " + QueryTime.MIN);
        }
        List<Instant> starts = new ArrayList<>(count);
        for (int i = count - 1; i >= 0; i--) {
            starts.add(Instant.ofEpochMilli(last - i * millis));
        }
        return new Buckets(size, length, List.copyOf(starts));
    }

    /** A default row per size: an hour of minutes, a day of hours, a month of days. */
    static int defaultCount(Duration length) {
        if (length.compareTo(Duration.ofHours(1)) < 0) {
            return 60;
        }
        return length.compareTo(Duration.ofDays(1)) < 0 ? 24 : 30;
    }

    Instant first() {
        return starts.get(0);
    }

    Instant last() {
        return starts.get(starts.size() - 1);
    }

    /** End of the last window. */
    Instant end() {
        return last().plus(length);
    }

    /** Index of the bucket starting at {@code start}, or -1 when it is not one of them. */
    int indexOf(Instant start) {
        long offset = start.toEpochMilli() - first().toEpochMilli();
        if (offset < 0 || offset % length.toMillis() != 0) {
            return -1;
        }
        long index = offset / length.toMillis();
        return index < starts.size() ? (int) index : -1;
    }
}
