package dev.switchboard.router.cache.semantic;

import dev.switchboard.embeddings.Embedder;
import dev.switchboard.embeddings.Vectors;
import dev.switchboard.schemas.SemanticQuestion;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.apache.kafka.common.serialization.BytesSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Nearest cached question within a scope, held entirely in two changelogged RocksDB stores: nothing lives only in
 * memory, so a restored or restarted router finds every live entry.
 *
 * <p>{@code semantic-lsh} keys are {@code scope|table|bucket|newest-first order|exact-key} (empty values): eight LSH
 * tables, plus one table keyed by a digest of the question's deciding words. A lookup is a few prefix scans inside the
 * caller's own scope, which is also why no lookup can ever reach another tenant's entries. {@code semantic-questions}
 * holds each question by exact key ({@link SemanticEntry}: int8 vector and verifier features first, at fixed
 * offsets); the exact key also finds the answer in the exact cache.
 *
 * <p>A lookup's work is bounded, however many stored questions share its buckets (templated prompts share all of
 * them): at most {@link #MAX_SCANNED} index keys are read, newest answers first, each counting a vote for its
 * question (two from the probe's own bucket, one from a near bucket); the {@link #TOP_VOTED} questions with the most
 * votes, and up to {@link #SAME_WORDS} questions with the same deciding words, are read and compared: at most
 * {@link #MAX_EXAMINED}. Cosine comes from the stored int8 bytes; the verifier runs on features computed when each
 * question was stored, and once for the request.
 */
public final class SemanticIndex {
    public static final String BUCKETS_STORE = "semantic-lsh";
    public static final String ENTRIES_STORE = "semantic-questions";
    /** 8 tables of 12 bits, probing 3 near bits each: recall of near neighbours above 0.99 at cosine 0.85 in tests. */
    static final int TABLES = 8;
    static final int BITS = 12;
    static final int FLIPS = 3;
    /** Keys read from a probe's own bucket, newest answers first, and from each near bucket. */
    static final int SCAN_PER_BUCKET = 16;
    static final int SCAN_PER_NEAR_BUCKET = 4;
    /** Questions with the same deciding words (numbers, names, opposites): the paraphrases a template's crowd hides. */
    static final int SAME_WORDS = 8;
    static final int TOP_VOTED = 16;
    public static final int MAX_SCANNED = TABLES * (SCAN_PER_BUCKET + FLIPS * SCAN_PER_NEAR_BUCKET) + SAME_WORDS;
    public static final int MAX_EXAMINED = TOP_VOTED + SAME_WORDS;
    private static final int WORDS_TABLE = TABLES;
    private static final int KEY_BYTES = 32;
    private static final long SEED = 0x5317_c4c3L;

    /** A cached question close enough to share its answer; {@code score} is the verifier's ({@link HitVerifier#score}). */
    public record Match(String exactKey, double similarity, double score) {
        public Match(String exactKey, double similarity) {
            this(exactKey, similarity, similarity);
        }
    }

    /** A lookup's answer and its work: index keys read, stored questions read and compared. */
    public record Lookup(Optional<Match> match, int scanned, int examined) {
    }

    /** A request's question, prepared once: its vector, the verifier's features and its deciding words. */
    public record Question(String text, float[] vector, byte[] features, DecisiveWords words) {
    }

    private final KeyValueStore<Bytes, byte[]> buckets;
    private final KeyValueStore<String, byte[]> entries;
    private final Hyperplanes planes;
    private final HitVerifier verifier;
    private final String model;

    public SemanticIndex(KeyValueStore<Bytes, byte[]> buckets, KeyValueStore<String, byte[]> entries, int dimensions) {
        this(buckets, entries, dimensions, HitVerifier.GUARD);
    }

    public SemanticIndex(KeyValueStore<Bytes, byte[]> buckets, KeyValueStore<String, byte[]> entries, int dimensions, HitVerifier verifier) {
        this(buckets, entries, dimensions, verifier, "");
    }

    /** @param model the embedding model of the vectors: a shared question embedded by another model is not indexed */
    public SemanticIndex(KeyValueStore<Bytes, byte[]> buckets, KeyValueStore<String, byte[]> entries, int dimensions, HitVerifier verifier,
                         String model) {
        this.buckets = buckets;
        this.entries = entries;
        this.planes = new Hyperplanes(dimensions, TABLES, BITS, SEED);
        this.verifier = verifier;
        this.model = model;
    }

    /**
     * The index over a processor's semantic stores, judged by the verifier fit on the embedder's model (the hit guard
     * otherwise); empty without an embedder. Every processor that reads or writes the stores opens it this way.
     */
    public static Optional<SemanticIndex> open(ProcessorContext<?, ?> context, Optional<Embedder> embedder) {
        return embedder.map(e -> new SemanticIndex(context.getStateStore(BUCKETS_STORE), context.getStateStore(ENTRIES_STORE), e.dimensions(),
                LearnedVerifier.orGuardFor(e), e.name()));
    }

    public Question question(String text, float[] vector) {
        return new Question(text, vector, verifier.features(text), DecisiveWords.of(text));
    }

    /** Remembers a question whose answer is on its way; it is not found by lookups until {@link #answered}. */
    public void pending(String scope, String exactKey, float[] vector, String text, long nowMs) {
        pending(scope, exactKey, question(text, vector), nowMs);
    }

    public void pending(String scope, String exactKey, Question question, long nowMs) {
        if (entries.get(exactKey) != null) {
            return;
        }
        int[] signatures = planes.signatures(question.vector());
        int[] indexed = question.words().isEmpty() ? signatures : Arrays.copyOf(signatures, TABLES + 1);
        if (!question.words().isEmpty()) {
            indexed[WORDS_TABLE] = question.words().digest();
        }
        entries.put(exactKey, new SemanticEntry(scope, nowMs, 0, indexed, QuantizedVector.of(question.vector()), verifier.featureKind(),
                question.features(), question.text()).encode());
    }

    /**
     * The vector stored for this exact question (its answer pending, live or not yet purged), back to unit length:
     * an identical question asked again needs no embedding.
     */
    public Optional<float[]> vectorOf(String exactKey) {
        byte[] stored = entries.get(exactKey);
        return stored == null ? Optional.empty() : Optional.of(Vectors.normalised(SemanticEntry.vector(stored).toFloats()));
    }

    /**
     * The question as it travels with its request to the worker and back on {@code llm.cache-fill}: what any lane
     * needs to index the answer without embedding the question again.
     */
    public SemanticQuestion shared(String scope, Question question) {
        QuantizedVector vector = QuantizedVector.of(question.vector());
        return new SemanticQuestion(scope, ByteBuffer.wrap(vector.values()), vector.scale(), model, question.text());
    }

    /**
     * An answer on {@code llm.cache-fill}, cached until {@code expiresAtMs}: marks this lane's pending question
     * answered, or indexes the question another lane embedded (or one this lane no longer holds) from what the
     * answer carries. A question embedded by another model, or none shared, stays an exact entry only.
     */
    public void answered(String exactKey, long expiresAtMs, SemanticQuestion shared, long nowMs) {
        if (entries.get(exactKey) == null && shared != null && model.equals(shared.getModel()) && shared.getVector().remaining() == planes.dimensions()) {
            byte[] values = new byte[shared.getVector().remaining()];
            shared.getVector().duplicate().get(values);
            float[] vector = Vectors.normalised(new QuantizedVector(values, shared.getScale()).toFloats());
            pending(shared.getScope(), exactKey, question(shared.getText(), vector), nowMs);
        }
        answered(exactKey, expiresAtMs);
    }

    /** The question's answer is cached until {@code expiresAtMs}: it can now answer paraphrases. */
    public void answered(String exactKey, long expiresAtMs) {
        byte[] stored = entries.get(exactKey);
        if (stored == null) {
            return;
        }
        SemanticEntry entry = SemanticEntry.decode(stored);
        if (entry.expiresAtMs() == expiresAtMs) {
            return;
        }
        if (!entry.pending()) {
            unindex(exactKey, entry);
        }
        SemanticEntry answered = entry.answeredUntil(expiresAtMs);
        entries.put(exactKey, answered.encode());
        for (int t = 0; t < answered.buckets().length; t++) {
            buckets.put(bucketKey(answered.scope(), t, answered.buckets()[t], expiresAtMs, exactKey), new byte[0]);
        }
    }

    public void remove(String exactKey) {
        byte[] stored = entries.get(exactKey);
        if (stored == null) {
            return;
        }
        SemanticEntry entry = SemanticEntry.decode(stored);
        if (!entry.pending()) {
            unindex(exactKey, entry);
        }
        entries.delete(exactKey);
    }

    /** The most similar live question of the scope at or above the threshold that the verifier accepts. */
    public Optional<Match> nearest(String scope, float[] vector, String text, double threshold, long nowMs) {
        return lookup(scope, question(text, vector), threshold, nowMs).match();
    }

    public Optional<Match> nearest(String scope, Question question, double threshold, long nowMs) {
        return lookup(scope, question, threshold, nowMs).match();
    }

    public Lookup lookup(String scope, Question question, double threshold, long nowMs) {
        CandidateVotes votes = new CandidateVotes();
        int[][] probes = planes.probes(question.vector(), FLIPS);
        for (int t = 0; t < probes.length; t++) {
            for (int p = 0; p < probes[t].length; p++) {
                boolean own = p == 0;
                scan(bucketPrefix(scope, t, probes[t][p]), own ? SCAN_PER_BUCKET : SCAN_PER_NEAR_BUCKET, own ? 2 : 1, votes);
            }
        }
        CandidateVotes sameWords = new CandidateVotes();
        if (!question.words().isEmpty()) {
            scan(bucketPrefix(scope, WORDS_TABLE, question.words().digest()), SAME_WORDS, 1, sameWords);
        }
        byte[] scopeBytes = scope.getBytes(StandardCharsets.UTF_8);
        Match best = null;
        int examined = 0;
        for (Bytes candidate : votes.top(TOP_VOTED, sameWords.inOrder())) {
            examined++;
            Match match = examine(candidate, scopeBytes, question, threshold, nowMs);
            if (match != null && (best == null || match.similarity() > best.similarity())) {
                best = match;
            }
        }
        return new Lookup(Optional.ofNullable(best), votes.scanned() + sameWords.scanned(), examined);
    }

    private void scan(byte[] prefix, int limit, int weight, CandidateVotes votes) {
        try (KeyValueIterator<Bytes, byte[]> keys = buckets.prefixScan(Bytes.wrap(prefix), new BytesSerializer())) {
            for (int read = 0; read < limit && keys.hasNext(); read++) {
                byte[] key = keys.next().key.get();
                votes.add(Bytes.wrap(Arrays.copyOfRange(key, key.length - KEY_BYTES, key.length)), weight);
            }
        }
    }

    private Match examine(Bytes candidate, byte[] scope, Question question, double threshold, long nowMs) {
        String exactKey = HexFormat.of().formatHex(candidate.get());
        byte[] stored = entries.get(exactKey);
        if (stored == null || !SemanticEntry.liveAt(stored, nowMs) || !SemanticEntry.inScope(stored, scope)) {
            return null;
        }
        double similarity = SemanticEntry.cosine(stored, question.vector());
        if (similarity < threshold) {
            return null;
        }
        byte[] features = SemanticEntry.featureKind(stored) == verifier.featureKind()
                ? SemanticEntry.features(stored)
                : verifier.features(SemanticEntry.decode(stored).text());
        boolean accepted = verifier.accepts(question.vector(), question.features(), SemanticEntry.vector(stored), features, similarity);
        return accepted ? new Match(exactKey, similarity, verifier.score(question.vector(), question.features(), SemanticEntry.vector(stored), features, similarity)) : null;
    }

    /** Drops expired entries and pending ones older than {@code pendingTimeoutMs}; returns how many. */
    public int purge(long nowMs, long pendingTimeoutMs) {
        int removed = 0;
        try (KeyValueIterator<String, byte[]> all = entries.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> next = all.next();
                long expires = SemanticEntry.expiresAtMs(next.value);
                boolean stale = expires == 0 ? nowMs - SemanticEntry.createdAtMs(next.value) > pendingTimeoutMs : nowMs >= expires;
                if (stale) {
                    remove(next.key);
                    removed++;
                }
            }
        }
        return removed;
    }

    private void unindex(String exactKey, SemanticEntry entry) {
        for (int t = 0; t < entry.buckets().length; t++) {
            buckets.delete(bucketKey(entry.scope(), t, entry.buckets()[t], entry.expiresAtMs(), exactKey));
        }
    }

    private static byte[] bucketPrefix(String scope, int table, int bucket) {
        return ByteBuffer.allocate(KEY_BYTES + 1 + 2).put(HexFormat.of().parseHex(scope)).put((byte) table).putShort((short) bucket).array();
    }

    /** Within a bucket, keys sort by descending expiry: a capped scan reads the newest answers and never the expired. */
    private static Bytes bucketKey(String scope, int table, int bucket, long expiresAtMs, String exactKey) {
        return Bytes.wrap(ByteBuffer.allocate(KEY_BYTES + 1 + 2 + Long.BYTES + KEY_BYTES).put(bucketPrefix(scope, table, bucket))
                .putLong(Long.MAX_VALUE - expiresAtMs).put(HexFormat.of().parseHex(exactKey)).array());
    }
}
