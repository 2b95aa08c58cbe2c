package dev.switchboard.router.cache.semantic;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One question in the semantic index: its scope, its vector, its text (for the hit guard), its LSH buckets (so it
 * can be removed without recomputing them) and its life. {@code expiresAtMs} 0 means its answer is still pending.
 */
record SemanticEntry(String scope, long createdAtMs, long expiresAtMs, int[] buckets, QuantizedVector vector, String text) {
    boolean pending() {
        return expiresAtMs == 0;
    }

    boolean liveAt(long nowMs) {
        return !pending() && nowMs < expiresAtMs;
    }

    SemanticEntry answeredUntil(long expiresAt) {
        return new SemanticEntry(scope, createdAtMs, expiresAt, buckets, vector, text);
    }

    byte[] encode() {
        byte[] scopeBytes = scope.getBytes(StandardCharsets.UTF_8);
        byte[] textBytes = text.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(2 + scopeBytes.length + 16 + 1 + 2 * buckets.length + vector.encodedSize() + 4 + textBytes.length);
        buffer.putShort((short) scopeBytes.length).put(scopeBytes).putLong(createdAtMs).putLong(expiresAtMs);
        buffer.put((byte) buckets.length);
        for (int bucket : buckets) {
            buffer.putShort((short) bucket);
        }
        vector.writeTo(buffer);
        buffer.putInt(textBytes.length).put(textBytes);
        return buffer.array();
    }

    static SemanticEntry decode(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        byte[] scope = new byte[buffer.getShort()];
        buffer.get(scope);
        long created = buffer.getLong();
        long expires = buffer.getLong();
        int[] buckets = new int[buffer.get()];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = buffer.getShort() & 0xffff;
        }
        QuantizedVector vector = QuantizedVector.readFrom(buffer);
        byte[] text = new byte[buffer.getInt()];
        buffer.get(text);
        return new SemanticEntry(new String(scope, StandardCharsets.UTF_8), created, expires, buckets, vector, new String(text, StandardCharsets.UTF_8));
    }
}
