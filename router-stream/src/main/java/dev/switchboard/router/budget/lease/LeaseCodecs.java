package dev.switchboard.router.budget.lease;

import dev.switchboard.router.StoreValues;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;

/**
 * Byte layouts of the lease topics. Both ends are the router's own apps, built from one jar: a version byte leads so a
 * later layout can be told apart. Money travels as plain decimal strings, never as a floating-point number.
 */
public final class LeaseCodecs {
    /** Version 2 adds each ask and return line's kind and a return line's last use; version 1 lines are budget lines. */
    private static final byte VERSION = 2;
    private static final byte VERSION_BUDGETS_ONLY = 1;
    private static final byte ASK = 1;
    private static final byte RETURN = 2;

    public static final Serde<LeaseMessage> MESSAGES = StoreValues.serde(new MessageCodec());
    public static final Serde<LeaseGrant> GRANTS = StoreValues.serde(new GrantCodec());

    private LeaseCodecs() {
    }

    private static final class MessageCodec implements StoreValues.Codec<LeaseMessage> {
        @Override
        public void write(LeaseMessage message, DataOutputStream out) throws IOException {
            out.writeByte(VERSION);
            out.writeUTF(message.lane());
            out.writeUTF(message.tenant());
            if (message instanceof LeaseAsk ask) {
                out.writeByte(ASK);
                out.writeLong(ask.askId());
                out.writeInt(ask.lines().size());
                for (LeaseAsk.Line line : ask.lines()) {
                    out.writeByte(line.kind().ordinal());
                    out.writeUTF(line.ledgerKey());
                    out.writeLong(line.periodEndMs());
                    money(line.hardLimit(), out);
                    money(line.needed(), out);
                    money(line.wanted(), out);
                }
            } else if (message instanceof LeaseReturn given) {
                out.writeByte(RETURN);
                out.writeInt(given.lines().size());
                for (LeaseReturn.Line line : given.lines()) {
                    out.writeByte(line.kind().ordinal());
                    out.writeUTF(line.ledgerKey());
                    out.writeLong(line.periodEndMs());
                    money(line.released(), out);
                    money(line.spent(), out);
                    out.writeLong(line.lastUsedMs());
                }
            }
        }

        @Override
        public LeaseMessage read(DataInputStream in) throws IOException {
            boolean kinds = messageVersion(in) == VERSION;
            String lane = in.readUTF();
            String tenant = in.readUTF();
            byte kind = in.readByte();
            if (kind == ASK) {
                long askId = in.readLong();
                int count = in.readInt();
                List<LeaseAsk.Line> lines = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    LeaseKind lineKind = kinds ? kind(in) : LeaseKind.BUDGET;
                    lines.add(new LeaseAsk.Line(lineKind, in.readUTF(), in.readLong(), money(in), money(in), money(in)));
                }
                return new LeaseAsk(lane, askId, tenant, lines);
            }
            if (kind == RETURN) {
                int count = in.readInt();
                List<LeaseReturn.Line> lines = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    if (kinds) {
                        lines.add(new LeaseReturn.Line(kind(in), in.readUTF(), in.readLong(), money(in), money(in), in.readLong()));
                    } else {
                        lines.add(new LeaseReturn.Line(in.readUTF(), in.readLong(), money(in), money(in)));
                    }
                }
                return new LeaseReturn(lane, tenant, lines);
            }
            throw new IOException("unknown lease message kind " + kind);
        }
    }

    private static final class GrantCodec implements StoreValues.Codec<LeaseGrant> {
        @Override
        public void write(LeaseGrant grant, DataOutputStream out) throws IOException {
            out.writeByte(VERSION);
            out.writeUTF(grant.lane());
            out.writeLong(grant.askId());
            out.writeUTF(grant.tenant());
            out.writeInt(grant.lines().size());
            for (LeaseGrant.Line line : grant.lines()) {
                out.writeUTF(line.ledgerKey());
                out.writeLong(line.periodEndMs());
                money(line.granted(), out);
                money(line.spent(), out);
                money(line.lent(), out);
                money(line.available(), out);
            }
        }

        @Override
        public LeaseGrant read(DataInputStream in) throws IOException {
            messageVersion(in); // a grant's layout is the same in both versions
            String lane = in.readUTF();
            long askId = in.readLong();
            String tenant = in.readUTF();
            int count = in.readInt();
            List<LeaseGrant.Line> lines = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                lines.add(new LeaseGrant.Line(in.readUTF(), in.readLong(), money(in), money(in), money(in), money(in)));
            }
            return new LeaseGrant(lane, askId, tenant, lines);
        }
    }

    /** Version 1 was written before the ledger lent anything but budgets: its ask and return lines are budget lines. */
    private static byte messageVersion(DataInputStream in) throws IOException {
        byte version = in.readByte();
        if (version != VERSION && version != VERSION_BUDGETS_ONLY) {
            throw new IOException("unknown lease layout version " + version);
        }
        return version;
    }

    private static LeaseKind kind(DataInputStream in) throws IOException {
        int ordinal = in.readByte();
        if (ordinal < 0 || ordinal >= LeaseKind.values().length) {
            throw new IOException("unknown lease line kind " + ordinal);
        }
        return LeaseKind.values()[ordinal];
    }

    private static void money(BigDecimal amount, DataOutputStream out) throws IOException {
        out.writeUTF(amount.toPlainString());
    }

    private static BigDecimal money(DataInputStream in) throws IOException {
        return new BigDecimal(in.readUTF());
    }
}
