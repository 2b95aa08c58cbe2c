package dev.switchboard.launcher.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * Sends on a schedule fixed in advance, whatever the answers do: request {@code i} is due at
 * {@code start + i * period}; a sender that falls behind sends at once and keeps the intended time, so latency
 * measured from it includes the delay (no coordinated omission).
 */
final class OpenLoopSender {
    /** Sends one request; {@code intendedNanos} is its due time on {@link System#nanoTime()}. */
    interface Send {
        void send(int index, long intendedNanos);
    }

    private OpenLoopSender() {
    }

    static void atRate(int count, double perSecond, long startNanos, Send send) {
        double periodNanos = 1e9 / perSecond;
        for (int i = 0; i < count; i++) {
            long intended = startNanos + Math.round(i * periodNanos);
            waitUntil(intended);
            send.send(i, intended);
        }
    }

    /** A flood: every request due at the same instant. */
    static void allAt(int count, long startNanos, Send send) {
        waitUntil(startNanos);
        for (int i = 0; i < count; i++) {
            send.send(i, startNanos);
        }
    }

    private static void waitUntil(long nanos) {
        for (long left = nanos - System.nanoTime(); left > 0; left = nanos - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }
}
