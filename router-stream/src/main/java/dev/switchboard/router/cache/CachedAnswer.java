package dev.switchboard.router.cache;

import dev.switchboard.router.StoreValues;
import dev.switchboard.schemas.LlmResponse;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.kafka.common.serialization.Serde;

/** An OK answer held in the exact cache until {@code expiresAtMs}. */
public record CachedAnswer(long expiresAtMs, LlmResponse response) {
    public static final Serde<CachedAnswer> SERDE = StoreValues.serde(new StoreValues.Codec<>() {
        @Override
        public void write(CachedAnswer value, DataOutputStream out) throws IOException {
            out.writeLong(value.expiresAtMs);
            StoreValues.writeResponse(value.response, out);
        }

        @Override
        public CachedAnswer read(DataInputStream in) throws IOException {
            return new CachedAnswer(in.readLong(), StoreValues.readResponse(in));
        }
    });

    public boolean liveAt(long nowMs) {
        return nowMs < expiresAtMs;
    }
}
