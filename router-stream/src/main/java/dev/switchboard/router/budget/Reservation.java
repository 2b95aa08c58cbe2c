package dev.switchboard.router.budget;

import dev.switchboard.router.StoreValues;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;

/** A routed request's worst case, held against each ledger entry it was checked against until its answer settles it. */
public record Reservation(BigDecimal amount, long reservedAtMs, List<String> ledgerKeys) {
    public static final Serde<Reservation> SERDE = StoreValues.serde(new Codec());

    public Reservation {
        ledgerKeys = List.copyOf(ledgerKeys);
    }

    private static final class Codec implements StoreValues.Codec<Reservation> {
        @Override
        public void write(Reservation value, DataOutputStream out) throws IOException {
            out.writeUTF(value.amount.toPlainString());
            out.writeLong(value.reservedAtMs);
            out.writeInt(value.ledgerKeys.size());
            for (String key : value.ledgerKeys) {
                out.writeUTF(key);
            }
        }

        @Override
        public Reservation read(DataInputStream in) throws IOException {
            BigDecimal amount = new BigDecimal(in.readUTF());
            long at = in.readLong();
            int count = in.readInt();
            List<String> keys = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                keys.add(in.readUTF());
            }
            return new Reservation(amount, at, keys);
        }
    }
}
