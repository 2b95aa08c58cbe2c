package dev.switchboard.router.governance;

import dev.switchboard.router.StoreValues;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Serde;

/**
 * What one rate limit counts (requests, or tokens) over a sliding minute, in 60 one-second slots. The minute slides a
 * second at a time: a slot still holding an older second than the last 60 counts for nothing and is reused.
 */
public final class RateWindow {
    public static final Serde<RateWindow> SERDE = StoreValues.serde(new Codec());
    static final int SLOTS = 60;
    /** Its size in a store: a second and an amount per slot. */
    public static final int BYTES = SLOTS * 2 * Long.BYTES;

    private final long[] seconds;
    private final long[] amounts;

    private RateWindow(long[] seconds, long[] amounts) {
        this.seconds = seconds;
        this.amounts = amounts;
    }

    public static RateWindow empty() {
        long[] seconds = new long[SLOTS];
        Arrays.fill(seconds, Long.MIN_VALUE);
        return new RateWindow(seconds, new long[SLOTS]);
    }

    /** What was counted in the minute ending with {@code nowSecond} (included). */
    public long used(long nowSecond) {
        long total = 0;
        for (int i = 0; i < SLOTS; i++) {
            if (seconds[i] <= nowSecond && seconds[i] > nowSecond - SLOTS) {
                total += amounts[i];
            }
        }
        return total;
    }

    public RateWindow plus(long second, long amount) {
        long[] s = seconds.clone();
        long[] a = amounts.clone();
        int slot = (int) Math.floorMod(second, (long) SLOTS);
        if (s[slot] != second) {
            s[slot] = second;
            a[slot] = 0;
        }
        a[slot] += amount;
        return new RateWindow(s, a);
    }

    /** True when nothing in the window is recent enough to count any more. */
    public boolean idle(long nowSecond) {
        return used(nowSecond) == 0;
    }

    private static final class Codec implements StoreValues.Codec<RateWindow> {
        @Override
        public void write(RateWindow value, DataOutputStream out) throws IOException {
            for (int i = 0; i < SLOTS; i++) {
                out.writeLong(value.seconds[i]);
                out.writeLong(value.amounts[i]);
            }
        }

        @Override
        public RateWindow read(DataInputStream in) throws IOException {
            long[] s = new long[SLOTS];
            long[] a = new long[SLOTS];
            for (int i = 0; i < SLOTS; i++) {
                s[i] = in.readLong();
                a[i] = in.readLong();
            }
            return new RateWindow(s, a);
        }
    }
}
