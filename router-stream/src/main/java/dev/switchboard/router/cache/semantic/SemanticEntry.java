package dev.switchboard.router.cache.semantic;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One question in the semantic index: its scope, its life ({@code expiresAtMs} 0 while its answer is pending), its
 * int8 vector, its verifier features, its index buckets (so it can be removed without recomputing them) and its
 * text. The encoding puts what a lookup reads first, at fixed offsets, so a candidate is judged from its bytes
 * without decoding the rest:
 *
 * <pre>
 * version:1 | expiresAt:8 | createdAt:8 | scale:4 | dims:2 | int8 vector:dims | featureKind:1 | featureLength:2 | features
 *           | scopeLength:2 | scope | bucketCount:1 | buckets:2 each | textLength:4 | text
 * </pre>
 *
 * The features sit right after the vector with their own kind and length: another verifier's blob replaces them
 * without touching anything else.
 */
record SemanticEntry(String scope, long createdAtMs, long expiresAtMs, int[] buckets, QuantizedVector vector, byte featureKind,
                     byte[] features, String text) {
    private static final byte VERSION = 2;
    private static final int EXPIRES_AT = 1;
    private static final int CREATED_AT = 9;
    private static final int SCALE = 17;
    private static final int DIMENSIONS = 21;
    private static final int VECTOR = 23;

    boolean pending() {
        return expiresAtMs == 0;
    }

    SemanticEntry answeredUntil(long expiresAt) {
        return new SemanticEntry(scope, createdAtMs, expiresAt, buckets, vector, featureKind, features, text);
    }

    byte[] encode() {
        byte[] scopeBytes = scope.getBytes(StandardCharsets.UTF_8);
        byte[] textBytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] values = vector.values();
        ByteBuffer buffer = ByteBuffer.allocate(VECTOR + values.length + 3 + features.length + 2 + scopeBytes.length + 1 + 2 * buckets.length
                + 4 + textBytes.length);
        buffer.put(VERSION).putLong(expiresAtMs).putLong(createdAtMs).putFloat(vector.scale()).putShort((short) values.length).put(values);
        buffer.put(featureKind).putShort((short) features.length).put(features);
        buffer.putShort((short) scopeBytes.length).put(scopeBytes);
        buffer.put((byte) buckets.length);
        for (int bucket : buckets) {
            buffer.putShort((short) bucket);
        }
        buffer.putInt(textBytes.length).put(textBytes);
        return buffer.array();
    }

    static SemanticEntry decode(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        checkVersion(bytes);
        buffer.position(EXPIRES_AT);
        long expires = buffer.getLong();
        long created = buffer.getLong();
        float scale = buffer.getFloat();
        byte[] values = new byte[buffer.getShort()];
        buffer.get(values);
        byte kind = buffer.get();
        byte[] features = new byte[buffer.getShort()];
        buffer.get(features);
        byte[] scope = new byte[buffer.getShort()];
        buffer.get(scope);
        int[] buckets = new int[buffer.get()];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = buffer.getShort() & 0xffff;
        }
        byte[] text = new byte[buffer.getInt()];
        buffer.get(text);
        return new SemanticEntry(new String(scope, StandardCharsets.UTF_8), created, expires, buckets, new QuantizedVector(values, scale), kind,
                features, new String(text, StandardCharsets.UTF_8));
    }

    // What a lookup reads, straight from the stored bytes.

    static long expiresAtMs(byte[] bytes) {
        checkVersion(bytes);
        return ByteBuffer.wrap(bytes).getLong(EXPIRES_AT);
    }

    static long createdAtMs(byte[] bytes) {
        return ByteBuffer.wrap(bytes).getLong(CREATED_AT);
    }

    static boolean liveAt(byte[] bytes, long nowMs) {
        long expires = expiresAtMs(bytes);
        return expires != 0 && nowMs < expires;
    }

    /** Cosine of the stored int8 vector with a float unit vector; the scale cancels out. */
    static double cosine(byte[] bytes, float[] unit) {
        int dimensions = dimensions(bytes);
        if (dimensions != unit.length) {
            return 0;
        }
        double dot = 0;
        long norm = 0;
        for (int i = 0; i < dimensions; i++) {
            int v = bytes[VECTOR + i];
            dot += v * unit[i];
            norm += v * v;
        }
        return norm == 0 ? 0 : dot / Math.sqrt(norm);
    }

    static QuantizedVector vector(byte[] bytes) {
        int dimensions = dimensions(bytes);
        return new QuantizedVector(Arrays.copyOfRange(bytes, VECTOR, VECTOR + dimensions), ByteBuffer.wrap(bytes).getFloat(SCALE));
    }

    static byte featureKind(byte[] bytes) {
        return bytes[VECTOR + dimensions(bytes)];
    }

    static byte[] features(byte[] bytes) {
        int at = VECTOR + dimensions(bytes) + 1;
        int length = ByteBuffer.wrap(bytes).getShort(at) & 0xffff;
        return Arrays.copyOfRange(bytes, at + 2, at + 2 + length);
    }

    /** Whether the entry belongs to {@code scope}, compared byte for byte. */
    static boolean inScope(byte[] bytes, byte[] scope) {
        int at = VECTOR + dimensions(bytes) + 1;
        at += 2 + (ByteBuffer.wrap(bytes).getShort(at) & 0xffff);
        int length = ByteBuffer.wrap(bytes).getShort(at) & 0xffff;
        return Arrays.equals(bytes, at + 2, at + 2 + length, scope, 0, scope.length);
    }

    private static int dimensions(byte[] bytes) {
        return ByteBuffer.wrap(bytes).getShort(DIMENSIONS) & 0xffff;
    }

    private static void checkVersion(byte[] bytes) {
        if (bytes[0] != VERSION) {
            throw new IllegalStateException("semantic entry of unknown version " + bytes[0]);
        }
    }
}
