package dev.switchboard.router.cache.bound;

import dev.switchboard.router.StoreValues;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.kafka.common.serialization.Serde;

/**
 * What a lane tells its tenant's controller on {@code llm.cache-verdicts}: a semantic candidate it decided on (its
 * score and whether it was served), or the outcome of comparing a fresh answer with the candidate's cached one
 * ({@code paid}: a verification call; otherwise the answer of a request routed anyway, compared at no extra call).
 */
public record Verdict(Kind kind, String tenant, double score, boolean served, boolean same, boolean paid) {
    public enum Kind { CANDIDATE, OUTCOME }

    private static final byte VERSION = 1;
    public static final Serde<Verdict> SERDE = StoreValues.serde(new Codec());

    public static Verdict candidate(String tenant, double score, boolean served) {
        return new Verdict(Kind.CANDIDATE, tenant, score, served, false, false);
    }

    public static Verdict outcome(String tenant, double score, boolean same, boolean paid) {
        return new Verdict(Kind.OUTCOME, tenant, score, false, same, paid);
    }

    private static final class Codec implements StoreValues.Codec<Verdict> {
        @Override
        public void write(Verdict v, DataOutputStream out) throws IOException {
            out.writeByte(VERSION);
            out.writeByte(v.kind().ordinal());
            out.writeUTF(v.tenant());
            out.writeDouble(v.score());
            out.writeBoolean(v.served());
            out.writeBoolean(v.same());
            out.writeBoolean(v.paid());
        }

        @Override
        public Verdict read(DataInputStream in) throws IOException {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IOException("unknown verdict layout " + version);
            }
            Kind kind = Kind.values()[in.readByte()];
            return new Verdict(kind, in.readUTF(), in.readDouble(), in.readBoolean(), in.readBoolean(), in.readBoolean());
        }
    }
}
