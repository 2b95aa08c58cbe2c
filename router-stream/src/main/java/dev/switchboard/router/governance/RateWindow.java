package dev.switchboard.router.governance;

import dev.switchboard.router.StoreValues;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Serde;

/**
 * Requests and tokens of one rate-limited scope over a sliding minute, in 60 one-second slots. The minute slides
 * a second at a time: a slot still holding an older second than the last 60 counts for nothing and is reused.
 */
public final class RateWindow {
    public static final Serde<RateWindow> SERDE = StoreValues.serde(new Codec());
    static final int SLOTS = 60;

    private final long[] seconds;
    private final long[] requests;
    private final long[] tokens;

    private RateWindow(long[] seconds, long[] requests, long[] tokens) {
        this.seconds = seconds;
        this.requests = requests;
        this.tokens = tokens;
    }

    public static RateWindow empty() {
        long[] seconds = new long[SLOTS];
        Arrays.fill(seconds, Long.MIN_VALUE);
        return new RateWindow(seconds, new long[SLOTS], new long[SLOTS]);
    }

    /** Requests in the minute ending with {@code nowSecond} (included). */
    public long requests(long nowSecond) {
        return sum(requests, nowSecond);
    }

    public long tokens(long nowSecond) {
        return sum(tokens, nowSecond);
    }

    public RateWindow plus(long nowSecond, long requestTokens) {
        long[] s = seconds.clone();
        long[] r = requests.clone();
        long[] t = tokens.clone();
        int slot = (int) Math.floorMod(nowSecond, (long) SLOTS);
        if (s[slot] != nowSecond) {
            s[slot] = nowSecond;
            r[slot] = 0;
            t[slot] = 0;
        }
        r[slot]++;
        t[slot] += requestTokens;
        return new RateWindow(s, r, t);
    }

    /** True when nothing in the window is recent enough to count any more. */
    public boolean idle(long nowSecond) {
        return requests(nowSecond) == 0;
    }

    private long sum(long[] values, long nowSecond) {
        long total = 0;
        for (int i = 0; i < SLOTS; i++) {
            if (seconds[i] <= nowSecond && seconds[i] > nowSecond - SLOTS) {
                total += values[i];
            }
        }
        return total;
    }

    private static final class Codec implements StoreValues.Codec<RateWindow> {
        @Override
        public void write(RateWindow value, DataOutputStream out) throws IOException {
            for (int i = 0; i < SLOTS; i++) {
                out.writeLong(value.seconds[i]);
                out.writeLong(value.requests[i]);
                out.writeLong(value.tokens[i]);
            }
        }

        @Override
        public RateWindow read(DataInputStream in) throws IOException {
            long[] s = new long[SLOTS];
            long[] r = new long[SLOTS];
            long[] t = new long[SLOTS];
            for (int i = 0; i < SLOTS; i++) {
                s[i] = in.readLong();
                r[i] = in.readLong();
                t[i] = in.readLong();
            }
            return new RateWindow(s, r, t);
        }
    }
}
