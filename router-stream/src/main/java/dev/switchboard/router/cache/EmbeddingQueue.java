package dev.switchboard.router.cache;

import dev.switchboard.router.AdmittedRequest;
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
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Cache misses waiting to be embedded together, in arrival order, over the changelogged store
 * {@code semantic-embed-queue}. A record held here has already been consumed: with exactly-once the commit that
 * covers its input offset also covers its place in this store, so a crash or a rebalance loses nothing (the task that
 * restores the store embeds what it holds). Held in memory only, it would be lost with the commit.
 */
final class EmbeddingQueue {
    static final String STORE = "semantic-embed-queue";
    static final Serde<Waiting> SERDE = StoreValues.serde(new WaitingCodec());

    /** A request as it reached the cache lookup: its record key and timestamp, and when it was submitted. */
    record Waiting(String key, long timestamp, LlmRequest request, Instant receivedAt) {
        Record<String, AdmittedRequest> record() {
            return new Record<>(key, new AdmittedRequest(request, receivedAt, null), timestamp);
        }
    }

    private final KeyValueStore<Long, Waiting> store;
    private long next;
    private int size;

    /** Picks up whatever a restored store still holds. */
    EmbeddingQueue(KeyValueStore<Long, Waiting> store) {
        this.store = store;
        try (KeyValueIterator<Long, Waiting> all = store.all()) {
            while (all.hasNext()) {
                next = Math.max(next, all.next().key + 1);
                size++;
            }
        }
    }

    /** @return how many are waiting, this one included */
    int add(Record<String, AdmittedRequest> record) {
        store.put(next++, new Waiting(record.key(), record.timestamp(), record.value().request(), record.value().receivedAt()));
        return ++size;
    }

    int size() {
        return size;
    }

    /** Everything waiting, oldest first; the queue is empty afterwards. */
    List<Record<String, AdmittedRequest>> drain() {
        List<Record<String, AdmittedRequest>> waiting = new ArrayList<>(size);
        List<Long> keys = new ArrayList<>(size);
        try (KeyValueIterator<Long, Waiting> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<Long, Waiting> entry = all.next();
                keys.add(entry.key);
                waiting.add(entry.value.record());
            }
        }
        keys.forEach(store::delete);
        size = 0;
        return waiting;
    }

    private static final class WaitingCodec implements StoreValues.Codec<Waiting> {
        @Override
        public void write(Waiting value, DataOutputStream out) throws IOException {
            out.writeBoolean(value.key() != null);
            if (value.key() != null) {
                out.writeUTF(value.key());
            }
            out.writeLong(value.timestamp());
            out.writeLong(value.receivedAt().toEpochMilli());
            ByteBuffer request = value.request().toByteBuffer();
            out.writeInt(request.remaining());
            out.write(request.array(), request.arrayOffset() + request.position(), request.remaining());
        }

        @Override
        public Waiting read(DataInputStream in) throws IOException {
            String key = in.readBoolean() ? in.readUTF() : null;
            long timestamp = in.readLong();
            Instant receivedAt = Instant.ofEpochMilli(in.readLong());
            byte[] request = new byte[in.readInt()];
            in.readFully(request);
            return new Waiting(key, timestamp, LlmRequest.fromByteBuffer(ByteBuffer.wrap(request)), receivedAt);
        }
    }
}
