package dev.switchboard.router.budget;

import dev.switchboard.router.StoreValues;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import org.apache.kafka.common.serialization.Serde;

/**
 * One budget scope member in one period, as the router sees it.
 *
 * @param settled  real cost of this router's requests whose answers came back
 * @param reserved worst cases of its requests still out
 * @param reported spend counted by the cost aggregator from llm.usage (every call, including ones this router
 *                 did not reserve for, such as a worker's repeated call after a crash)
 */
public record LedgerEntry(BigDecimal settled, BigDecimal reserved, BigDecimal reported, long periodEndMs) {
    public static final Serde<LedgerEntry> SERDE = StoreValues.serde(new Codec());

    static LedgerEntry empty(long periodEndMs) {
        return new LedgerEntry(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, periodEndMs);
    }

    /**
     * Both counts include the same answered calls, so the larger is the spend: the aggregator may lag the answers
     * and the answers may miss calls only the aggregator saw. A call both have seen is never counted twice.
     */
    public BigDecimal spent() {
        return settled.max(reported);
    }

    /** Spend plus everything that may still be charged. */
    public BigDecimal committed() {
        return spent().add(reserved);
    }

    LedgerEntry reserve(BigDecimal amount) {
        return new LedgerEntry(settled, reserved.add(amount), reported, periodEndMs);
    }

    LedgerEntry settle(BigDecimal reservation, BigDecimal cost) {
        return new LedgerEntry(settled.add(cost), reserved.subtract(reservation).max(BigDecimal.ZERO), reported, periodEndMs);
    }

    LedgerEntry reported(BigDecimal spend) {
        return new LedgerEntry(settled, reserved, reported.max(spend), periodEndMs);
    }

    private static final class Codec implements StoreValues.Codec<LedgerEntry> {
        @Override
        public void write(LedgerEntry value, DataOutputStream out) throws IOException {
            out.writeUTF(value.settled.toPlainString());
            out.writeUTF(value.reserved.toPlainString());
            out.writeUTF(value.reported.toPlainString());
            out.writeLong(value.periodEndMs);
        }

        @Override
        public LedgerEntry read(DataInputStream in) throws IOException {
            return new LedgerEntry(new BigDecimal(in.readUTF()), new BigDecimal(in.readUTF()), new BigDecimal(in.readUTF()), in.readLong());
        }
    }
}
