package dev.switchboard.worker;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Crash injection for fault tests and {@code switchboard chaos}: the worker halts its JVM (no shutdown hooks, no
 * flush, as a SIGKILL would) when it reaches one of the chosen points. Off unless the environment asks for it:
 * {@code SWITCHBOARD_WORKER_CRASH_AT} lists points ({@code before-call}, {@code after-call}, {@code after-write}, or
 * {@code any}); {@code SWITCHBOARD_WORKER_CRASH_AFTER=N} halts at the N-th arrival at any of them, else
 * {@code SWITCHBOARD_WORKER_CRASH_PROBABILITY=p} at each arrival with probability p.
 */
public final class CrashPoints {
    public static final String AT_ENV = "SWITCHBOARD_WORKER_CRASH_AT";
    public static final String AFTER_ENV = "SWITCHBOARD_WORKER_CRASH_AFTER";
    public static final String PROBABILITY_ENV = "SWITCHBOARD_WORKER_CRASH_PROBABILITY";
    /** The halted process's exit status, so a supervisor can tell an injected crash from a failure. */
    public static final int EXIT_STATUS = 86;
    /** Printed on stderr just before halting; the chaos run counts crashes per point from it. */
    public static final String MARKER = "switchboard-worker-crash-point ";

    public enum Point {
        /** The record is read, no provider call made yet. */
        BEFORE_CALL,
        /** The provider answered; nothing of it is written. */
        AFTER_CALL,
        /** The answer, usage and cache fill are committed; the record is not acknowledged. */
        AFTER_WRITE;

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Point parse(String label) {
            for (Point point : values()) {
                if (point.label().equals(label.trim())) {
                    return point;
                }
            }
            throw new IllegalArgumentException(AT_ENV + ": unknown crash point '" + label.trim() + "'; use "
                    + Arrays.stream(values()).map(Point::label).collect(Collectors.joining(", ")) + " or any");
        }
    }

    public static final CrashPoints NONE = new CrashPoints(EnumSet.noneOf(Point.class), 0, 0.0);

    private final Set<Point> points;
    private final int after;
    private final double probability;
    private final AtomicInteger arrivals = new AtomicInteger();

    public CrashPoints(Set<Point> points, int after, double probability) {
        if (after < 0 || probability < 0 || probability > 1) {
            throw new IllegalArgumentException("crash points need " + AFTER_ENV + " >= 0 and " + PROBABILITY_ENV + " in [0, 1], got "
                    + after + " and " + probability);
        }
        if (!points.isEmpty() && after == 0 && probability == 0) {
            throw new IllegalArgumentException(AT_ENV + " is set: give " + AFTER_ENV + " or " + PROBABILITY_ENV);
        }
        this.points = points.isEmpty() ? EnumSet.noneOf(Point.class) : EnumSet.copyOf(points);
        this.after = after;
        this.probability = probability;
    }

    public static CrashPoints fromEnvironment(Map<String, String> env) {
        String at = env.get(AT_ENV);
        if (at == null || at.isBlank()) {
            return NONE;
        }
        Set<Point> points = at.trim().equals("any") ? EnumSet.allOf(Point.class)
                : Arrays.stream(at.split(",")).map(Point::parse).collect(Collectors.toCollection(() -> EnumSet.noneOf(Point.class)));
        try {
            return new CrashPoints(points, Integer.parseInt(env.getOrDefault(AFTER_ENV, "0")),
                    Double.parseDouble(env.getOrDefault(PROBABILITY_ENV, "0")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(AFTER_ENV + " must be an integer and " + PROBABILITY_ENV + " a number: " + e.getMessage(), e);
        }
    }

    public boolean enabled() {
        return !points.isEmpty();
    }

    /** Halts the JVM here when this point is chosen and its turn has come. */
    void reached(Point point) {
        if (!points.contains(point) || !due()) {
            return;
        }
        System.err.println(MARKER + point.label());
        System.err.flush();
        Runtime.getRuntime().halt(EXIT_STATUS);
    }

    private boolean due() {
        if (after > 0) {
            return arrivals.incrementAndGet() == after;
        }
        return ThreadLocalRandom.current().nextDouble() < probability;
    }
}
