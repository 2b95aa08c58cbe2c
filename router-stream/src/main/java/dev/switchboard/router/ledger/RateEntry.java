package dev.switchboard.router.ledger;

import dev.switchboard.router.StoreValues;
import dev.switchboard.router.governance.RateWindow;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.kafka.common.serialization.Serde;

/**
 * One rate limit (a scope member's requests, or its tokens, per minute) as the tenant's ledger holds it. What lanes
 * used counts in the minute of its last use they reported; what they hold counts as used until they report or give
 * it back. So at every grant, used in the last minute plus held stays within the limit, and every request a lane
 * lets in inside any minute was one of them: the lanes together never pass the limit.
 *
 * @param used       what lanes reported using, by second
 * @param lent       held by lanes: used and not yet reported, or not yet used
 * @param lastSecond the latest second the ledger has been asked at: its clock, which never runs backwards, so a lane
 *                   reading a backlog can not make a recent use look as if it were in the future
 */
public record RateEntry(RateWindow used, long lent, long lastSecond) {
    public static final Serde<RateEntry> SERDE = StoreValues.serde(new Codec());

    public static RateEntry empty() {
        return new RateEntry(RateWindow.empty(), 0, Long.MIN_VALUE);
    }

    public RateEntry at(long second) {
        return new RateEntry(used, lent, Math.max(lastSecond, second));
    }

    /** Used in the last minute plus held by lanes. */
    public long committed() {
        return used.used(lastSecond) + lent;
    }

    public long available(long limit) {
        return Math.max(0, limit - committed());
    }

    public RateEntry lend(long amount) {
        return new RateEntry(used, lent + amount, lastSecond);
    }

    /** A lane gives back {@code released} unused and reports {@code spent} used, last at {@code usedSecond}. */
    public RateEntry givenBack(long released, long spent, long usedSecond) {
        RateWindow after = spent > 0 ? used.plus(Math.max(usedSecond, lastSecond), spent) : used;
        return new RateEntry(after, Math.max(0, lent - released - spent), lastSecond);
    }

    /** Nothing held and nothing used in the last minute: the entry can go. */
    public boolean idle() {
        return lent == 0 && used.idle(lastSecond);
    }

    private static final class Codec implements StoreValues.Codec<RateEntry> {
        @Override
        public void write(RateEntry value, DataOutputStream out) throws IOException {
            out.write(RateWindow.SERDE.serializer().serialize(null, value.used));
            out.writeLong(value.lent);
            out.writeLong(value.lastSecond);
        }

        @Override
        public RateEntry read(DataInputStream in) throws IOException {
            byte[] window = new byte[RateWindow.BYTES];
            in.readFully(window);
            return new RateEntry(RateWindow.SERDE.deserializer().deserialize(null, window), in.readLong(), in.readLong());
        }
    }
}
