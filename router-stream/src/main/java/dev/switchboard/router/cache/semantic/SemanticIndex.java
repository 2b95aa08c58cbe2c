package dev.switchboard.router.cache.semantic;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.BytesSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Nearest cached question within a scope, held entirely in two changelogged RocksDB stores, so memory does not
 * grow with the number of entries. {@code semantic-buckets} keys are {@code scope|table|bucket|exact-key} (empty
 * values): a lookup is a few prefix scans inside the caller's own scope, which is also why no lookup can ever
 * reach another tenant's entries. {@code semantic-entries} holds each question's vector and text by exact key;
 * the exact key also finds the answer in the exact cache.
 */
public final class SemanticIndex {
    public static final String BUCKETS_STORE = "semantic-buckets";
    public static final String ENTRIES_STORE = "semantic-entries";
    /** 8 tables of 12 bits, probing 3 near bits each: recall of near neighbours above 0.99 at cosine 0.85 in tests. */
    static final int TABLES = 8;
    static final int BITS = 12;
    static final int FLIPS = 3;
    static final int MAX_CANDIDATES = 512;
    private static final long SEED = 0x5317_c4c3L;

    /** A cached question close enough to share its answer. */
    public record Match(String exactKey, double similarity) {
    }

    private final KeyValueStore<Bytes, byte[]> buckets;
    private final KeyValueStore<String, byte[]> entries;
    private final Hyperplanes planes;

    public SemanticIndex(KeyValueStore<Bytes, byte[]> buckets, KeyValueStore<String, byte[]> entries, int dimensions) {
        this.buckets = buckets;
        this.entries = entries;
        this.planes = new Hyperplanes(dimensions, TABLES, BITS, SEED);
    }

    /** Remembers a question whose answer is on its way; it is not found by lookups until {@link #answered}. */
    public void pending(String scope, String exactKey, float[] vector, String text, long nowMs) {
        if (entries.get(exactKey) == null) {
            entries.put(exactKey, new SemanticEntry(scope, nowMs, 0, planes.signatures(vector), QuantizedVector.of(vector), text).encode());
        }
    }

    /** The question's answer is cached until {@code expiresAtMs}: it can now answer paraphrases. */
    public void answered(String exactKey, long expiresAtMs) {
        byte[] stored = entries.get(exactKey);
        if (stored == null) {
            return;
        }
        SemanticEntry entry = SemanticEntry.decode(stored);
        entries.put(exactKey, entry.answeredUntil(expiresAtMs).encode());
        if (entry.pending()) {
            for (int t = 0; t < entry.buckets().length; t++) {
                buckets.put(bucketKey(entry.scope(), t, entry.buckets()[t], exactKey), new byte[0]);
            }
        }
    }

    public void remove(String exactKey) {
        byte[] stored = entries.get(exactKey);
        if (stored == null) {
            return;
        }
        SemanticEntry entry = SemanticEntry.decode(stored);
        for (int t = 0; t < entry.buckets().length; t++) {
            buckets.delete(bucketKey(entry.scope(), t, entry.buckets()[t], exactKey));
        }
        entries.delete(exactKey);
    }

    /** The most similar live question of the scope at or above the threshold that also passes the hit guard. */
    public Optional<Match> nearest(String scope, float[] vector, String text, double threshold, long nowMs) {
        Match best = null;
        for (String candidate : candidates(scope, vector)) {
            byte[] stored = entries.get(candidate);
            if (stored == null) {
                continue;
            }
            SemanticEntry entry = SemanticEntry.decode(stored);
            if (!entry.liveAt(nowMs) || !entry.scope().equals(scope)) {
                continue;
            }
            if (SemanticMatch.accepts(text, vector, entry.text(), entry.vector(), threshold)) {
                double similarity = SemanticMatch.similarity(vector, entry.vector());
                if (best == null || similarity > best.similarity()) {
                    best = new Match(candidate, similarity);
                }
            }
        }
        return Optional.ofNullable(best);
    }

    private Set<String> candidates(String scope, float[] vector) {
        Set<String> found = new LinkedHashSet<>();
        int[][] probes = planes.probes(vector, FLIPS);
        for (int t = 0; t < probes.length && found.size() < MAX_CANDIDATES; t++) {
            for (int bucket : probes[t]) {
                Bytes prefix = Bytes.wrap(bucketPrefix(scope, t, bucket));
                try (KeyValueIterator<Bytes, byte[]> keys = buckets.prefixScan(prefix, new BytesSerializer())) {
                    while (keys.hasNext() && found.size() < MAX_CANDIDATES) {
                        byte[] key = keys.next().key.get();
                        found.add(HexFormat.of().formatHex(key, key.length - 32, key.length));
                    }
                }
            }
        }
        return found;
    }

    /** Drops expired entries and pending ones older than {@code pendingTimeoutMs}; returns how many. */
    public int purge(long nowMs, long pendingTimeoutMs) {
        int removed = 0;
        try (KeyValueIterator<String, byte[]> all = entries.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> next = all.next();
                SemanticEntry entry = SemanticEntry.decode(next.value);
                boolean stale = entry.pending() ? nowMs - entry.createdAtMs() > pendingTimeoutMs : !entry.liveAt(nowMs);
                if (stale) {
                    remove(next.key);
                    removed++;
                }
            }
        }
        return removed;
    }

    private static byte[] bucketPrefix(String scope, int table, int bucket) {
        return ByteBuffer.allocate(32 + 1 + 2).put(HexFormat.of().parseHex(scope)).put((byte) table).putShort((short) bucket).array();
    }

    private static Bytes bucketKey(String scope, int table, int bucket, String exactKey) {
        return Bytes.wrap(ByteBuffer.allocate(32 + 1 + 2 + 32).put(bucketPrefix(scope, table, bucket)).put(HexFormat.of().parseHex(exactKey)).array());
    }
}
