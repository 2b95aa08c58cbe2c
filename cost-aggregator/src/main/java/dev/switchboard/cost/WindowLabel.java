package dev.switchboard.cost;

import java.time.Duration;

/** Short names for window sizes ("30s", "1m", "1h", "1d"): the largest whole unit that divides the size. */
final class WindowLabel {
    private WindowLabel() {
    }

    static String of(Duration size) {
        long millis = size.toMillis();
        if (millis % Duration.ofDays(1).toMillis() == 0) {
            return size.toDays() + "d";
        }
        if (millis % Duration.ofHours(1).toMillis() == 0) {
            return size.toHours() + "h";
        }
        if (millis % Duration.ofMinutes(1).toMillis() == 0) {
            return size.toMinutes() + "m";
        }
        if (millis % 1000 == 0) {
            return size.toSeconds() + "s";
        }
        return millis + "ms";
    }
}
