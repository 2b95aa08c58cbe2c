package dev.switchboard.router.coalesce;

import dev.switchboard.router.StoreValues;
import dev.switchboard.schemas.LlmRequest;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;

/**
 * A cache key whose first request is at a provider now: the leader's id, when it left, and the identical requests
 * waiting for its answer instead of making their own call.
 */
public record InFlight(String leaderRequestId, long startedAtMs, List<Waiter> waiters) {
    public static final Serde<InFlight> SERDE = StoreValues.serde(new Codec());

    /** A request parked behind the leader, with what is needed to answer or route it later. */
    public record Waiter(LlmRequest request, Instant receivedAt) {
    }

    public InFlight {
        waiters = List.copyOf(waiters);
    }

    static InFlight led(String requestId, long nowMs) {
        return new InFlight(requestId, nowMs, List.of());
    }

    /** Started at the dawn of time: stale for any timeout, so its waiters go on at the next look. */
    InFlight abandoned() {
        return new InFlight(leaderRequestId, Long.MIN_VALUE / 2, waiters);
    }

    InFlight withWaiter(Waiter waiter) {
        List<Waiter> all = new ArrayList<>(waiters);
        all.add(waiter);
        return new InFlight(leaderRequestId, startedAtMs, all);
    }

    private static final class Codec implements StoreValues.Codec<InFlight> {
        @Override
        public void write(InFlight value, DataOutputStream out) throws IOException {
            out.writeUTF(value.leaderRequestId);
            out.writeLong(value.startedAtMs);
            out.writeInt(value.waiters.size());
            for (Waiter waiter : value.waiters) {
                ByteBuffer request = waiter.request().toByteBuffer();
                out.writeInt(request.remaining());
                out.write(request.array(), request.arrayOffset() + request.position(), request.remaining());
                out.writeLong(waiter.receivedAt().toEpochMilli());
            }
        }

        @Override
        public InFlight read(DataInputStream in) throws IOException {
            String leader = in.readUTF();
            long started = in.readLong();
            int count = in.readInt();
            List<Waiter> waiters = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                byte[] request = new byte[in.readInt()];
                in.readFully(request);
                waiters.add(new Waiter(LlmRequest.fromByteBuffer(ByteBuffer.wrap(request)), Instant.ofEpochMilli(in.readLong())));
            }
            return new InFlight(leader, started, waiters);
        }
    }
}
