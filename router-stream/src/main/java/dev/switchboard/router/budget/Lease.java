package dev.switchboard.router.budget;

import dev.switchboard.router.StoreValues;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import org.apache.kafka.common.serialization.Serde;

/**
 * What one lane holds of one budget (scope member and period), rate limit or session cap, lent by the tenant's ledger.
 *
 * @param held        lent to this lane and not yet given back; {@code reserved} and {@code spent} are parts of it
 * @param reserved    worst cases of this lane's requests still out
 * @param spent       real cost of this lane's answers, not yet reported to the ledger
 * @param ledgerSpent the period's spend as the ledger last told it (for soft limits, which need no lease)
 * @param lastUsedMs  when a request last reserved from it (or used it): an idle lease goes back to the ledger
 */
public record Lease(String tenant, BigDecimal held, BigDecimal reserved, BigDecimal spent, BigDecimal ledgerSpent, long periodEndMs,
                    long lastUsedMs) {
    public static final Serde<Lease> SERDE = StoreValues.serde(new Codec());

    static Lease empty(String tenant, long periodEndMs) {
        return new Lease(tenant, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, periodEndMs, 0);
    }

    /** What a request may still reserve; negative when answers cost more than their worst case. */
    public BigDecimal free() {
        return held.subtract(reserved).subtract(spent);
    }

    /** The spend this lane can see: the ledger's, and its own since it last reported. */
    public BigDecimal committed() {
        return ledgerSpent.add(spent).add(reserved);
    }

    Lease reserve(BigDecimal amount, long nowMs) {
        return new Lease(tenant, held, reserved.add(amount), spent, ledgerSpent, periodEndMs, nowMs);
    }

    Lease settle(BigDecimal reservation, BigDecimal cost) {
        return new Lease(tenant, held, reserved.subtract(reservation).max(BigDecimal.ZERO), spent.add(cost), ledgerSpent, periodEndMs, lastUsedMs);
    }

    /** Used for good at {@code usedAtMs}: a rate-limit permit or session tokens, reported to the ledger as spent. */
    Lease used(BigDecimal amount, long usedAtMs) {
        return new Lease(tenant, held, reserved, spent.add(amount), ledgerSpent, periodEndMs, Math.max(lastUsedMs, usedAtMs));
    }

    Lease granted(BigDecimal amount, BigDecimal spentAtLedger, long nowMs) {
        return new Lease(tenant, held.add(amount), reserved, spent, spentAtLedger, periodEndMs, nowMs);
    }

    /** After giving {@code released} back and reporting every cost so far: the ledger has counted both. */
    Lease givenBack(BigDecimal released) {
        return new Lease(tenant, held.subtract(released).subtract(spent).max(BigDecimal.ZERO), reserved, BigDecimal.ZERO,
                ledgerSpent.add(spent), periodEndMs, lastUsedMs);
    }

    boolean empty() {
        return held.signum() == 0 && reserved.signum() == 0 && spent.signum() == 0;
    }

    private static final class Codec implements StoreValues.Codec<Lease> {
        @Override
        public void write(Lease value, DataOutputStream out) throws IOException {
            out.writeUTF(value.tenant);
            out.writeUTF(value.held.toPlainString());
            out.writeUTF(value.reserved.toPlainString());
            out.writeUTF(value.spent.toPlainString());
            out.writeUTF(value.ledgerSpent.toPlainString());
            out.writeLong(value.periodEndMs);
            out.writeLong(value.lastUsedMs);
        }

        @Override
        public Lease read(DataInputStream in) throws IOException {
            return new Lease(in.readUTF(), new BigDecimal(in.readUTF()), new BigDecimal(in.readUTF()), new BigDecimal(in.readUTF()),
                    new BigDecimal(in.readUTF()), in.readLong(), in.readLong());
        }
    }
}
