package dev.switchboard.launcher.bench;

/** Maps the monotonic nano clock the bench measures with to wall-clock milliseconds, which requests carry. */
record Timeline(long originNanos, long originWallMillis) {
    static Timeline now() {
        return new Timeline(System.nanoTime(), System.currentTimeMillis());
    }

    long wallMillis(long nanos) {
        return originWallMillis + Math.round((nanos - originNanos) / 1e6);
    }
}
