package dev.switchboard.cost;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * How the cost aggregator windows usage.
 *
 * @param grace       how long after a window ends a late usage event is still added to it
 * @param windowSizes tumbling window sizes; each gets its own stores and a label ("1m", "1h", "1d") used in store
 *                    names, on {@code WindowedCost.window} and in the query API
 */
public record CostConfig(Duration grace, List<Duration> windowSizes) {
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);
    public static final List<Duration> DEFAULT_WINDOW_SIZES =
            List.of(Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(1));

    /** Minute-sized windows are kept this long for dashboards. */
    static final Duration SHORT_WINDOW_RETENTION = Duration.ofHours(2);
    /** Hour-sized and longer windows keep this many windows (two days for 1h, 48 days for 1d). */
    static final int LONG_WINDOW_COUNT = 48;

    public CostConfig {
        Objects.requireNonNull(grace, "grace must not be null");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative, was " + grace);
        }
        windowSizes = windowSizes == null || windowSizes.isEmpty() ? DEFAULT_WINDOW_SIZES : List.copyOf(windowSizes);
        var labels = new HashSet<String>();
        for (Duration size : windowSizes) {
            if (size.isNegative() || size.isZero()) {
                throw new IllegalArgumentException("windowSizes must be positive, was " + size);
            }
            if (!labels.add(WindowLabel.of(size))) {
                throw new IllegalArgumentException("windowSizes must be distinct, " + size + " is repeated");
            }
        }
    }

    public static CostConfig defaults() {
        return new CostConfig(DEFAULT_GRACE, DEFAULT_WINDOW_SIZES);
    }

    /** Retention of a window store: never below size + grace (Streams requires it), else 2 h or 48 windows. */
    public Duration retention(Duration size) {
        Duration wanted = size.compareTo(Duration.ofHours(1)) < 0
                ? SHORT_WINDOW_RETENTION
                : size.multipliedBy(LONG_WINDOW_COUNT);
        Duration minimum = size.plus(grace);
        return wanted.compareTo(minimum) < 0 ? minimum : wanted;
    }

    /** The configured size with this label ("1m"); fails with a message naming the valid labels. */
    public Duration sizeOf(String label) {
        for (Duration size : windowSizes) {
            if (WindowLabel.of(size).equals(label)) {
                return size;
            }
        }
        throw new IllegalArgumentException("unknown window size '" + label + "', expected one of " + labels());
    }

    public List<String> labels() {
        return windowSizes.stream().map(WindowLabel::of).toList();
    }

    /** The longest window size: the one that covers the most time per store entry. */
    public Duration largestSize() {
        return windowSizes.stream().max(Duration::compareTo).orElseThrow();
    }
}
