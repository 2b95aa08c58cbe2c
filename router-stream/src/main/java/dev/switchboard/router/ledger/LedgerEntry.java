package dev.switchboard.router.ledger;

import dev.switchboard.router.StoreValues;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import org.apache.kafka.common.serialization.Serde;

/**
 * One budget scope member in one period, or one session's token cap, as the tenant's ledger holds it.
 *
 * @param settled  real cost of answers, as the lanes reported it when they gave their leases back
 * @param lent     lent to lanes and not yet given back: worst cases of requests in flight, spend not yet reported,
 *                 and lease a lane holds for its next requests
 * @param reported spend counted by the cost aggregator from llm.usage (every call, including ones no lane reserved
 *                 for, such as a worker's repeated call after a crash)
 */
public record LedgerEntry(BigDecimal settled, BigDecimal lent, BigDecimal reported, long periodEndMs) {
    public static final Serde<LedgerEntry> SERDE = StoreValues.serde(new Codec());

    public static LedgerEntry empty(long periodEndMs) {
        return new LedgerEntry(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, periodEndMs);
    }

    /**
     * Both counts include the same answered calls, so the larger is the spend: the aggregator may lag the answers
     * and the answers may miss calls only the aggregator saw. A call both have seen is never counted twice.
     */
    public BigDecimal spent() {
        return settled.max(reported);
    }

    /** Spend plus everything lanes may still spend. */
    public BigDecimal committed() {
        return spent().add(lent);
    }

    /** What the budget can still lend under {@code hardLimit}; never negative. */
    public BigDecimal available(BigDecimal hardLimit) {
        return hardLimit.subtract(committed()).max(BigDecimal.ZERO);
    }

    /** A session's entry is kept while it is used: its end moves with each ask. A budget period's end never moves. */
    public LedgerEntry keptUntil(long endMs) {
        return endMs > periodEndMs ? new LedgerEntry(settled, lent, reported, endMs) : this;
    }

    public LedgerEntry lend(BigDecimal amount) {
        return new LedgerEntry(settled, lent.add(amount), reported, periodEndMs);
    }

    /** A lane gives back {@code released} unused and reports {@code spent} as settled: both leave the lent amount. */
    public LedgerEntry givenBack(BigDecimal released, BigDecimal spent) {
        return new LedgerEntry(settled.add(spent), lent.subtract(released).subtract(spent).max(BigDecimal.ZERO), reported, periodEndMs);
    }

    public LedgerEntry reported(BigDecimal spend) {
        return new LedgerEntry(settled, lent, reported.max(spend), periodEndMs);
    }

    private static final class Codec implements StoreValues.Codec<LedgerEntry> {
        @Override
        public void write(LedgerEntry value, DataOutputStream out) throws IOException {
            out.writeUTF(value.settled.toPlainString());
            out.writeUTF(value.lent.toPlainString());
            out.writeUTF(value.reported.toPlainString());
            out.writeLong(value.periodEndMs);
        }

        @Override
        public LedgerEntry read(DataInputStream in) throws IOException {
            return new LedgerEntry(new BigDecimal(in.readUTF()), new BigDecimal(in.readUTF()), new BigDecimal(in.readUTF()), in.readLong());
        }
    }
}
