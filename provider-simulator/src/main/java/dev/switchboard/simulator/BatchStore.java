package dev.switchboard.simulator;

import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * In-memory store of uploaded/produced files, OpenAI batches and Anthropic message batches. Lives as long as
 * the simulator; nothing is persisted or expired.
 */
final class BatchStore {

    /** An uploaded input file or a produced output/error file. */
    record StoredFile(String id, String filename, String purpose, byte[] content, long createdAt, long sequence) {
    }

    private final ConcurrentHashMap<String, StoredFile> files = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, OpenAiBatch> batches = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, MessageBatch> messageBatches = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    /** A fresh id such as {@code file-4f1c...}: prefix plus 24 random hex digits (ids need not be reproducible). */
    static String newId(String prefix) {
        byte[] random = new byte[12];
        ThreadLocalRandom.current().nextBytes(random);
        return prefix + HexFormat.of().formatHex(random);
    }

    long nextSequence() {
        return sequence.incrementAndGet();
    }

    StoredFile addFile(String filename, String purpose, byte[] content, long createdAt) {
        StoredFile file = new StoredFile(newId("file-"), filename, purpose, content, createdAt, nextSequence());
        files.put(file.id(), file);
        return file;
    }

    Optional<StoredFile> file(String id) {
        return Optional.ofNullable(files.get(id));
    }

    boolean deleteFile(String id) {
        return files.remove(id) != null;
    }

    /** Newest first, like the real list endpoints. */
    List<StoredFile> files() {
        return files.values().stream().sorted(Comparator.comparingLong(StoredFile::sequence).reversed()).toList();
    }

    void add(OpenAiBatch batch) {
        batches.put(batch.id(), batch);
    }

    Optional<OpenAiBatch> batch(String id) {
        return Optional.ofNullable(batches.get(id));
    }

    List<OpenAiBatch> batches() {
        return batches.values().stream().sorted(Comparator.comparingLong(OpenAiBatch::sequence).reversed()).toList();
    }

    void add(MessageBatch batch) {
        messageBatches.put(batch.id(), batch);
    }

    Optional<MessageBatch> messageBatch(String id) {
        return Optional.ofNullable(messageBatches.get(id));
    }

    boolean deleteMessageBatch(String id) {
        return messageBatches.remove(id) != null;
    }

    List<MessageBatch> messageBatches() {
        return messageBatches.values().stream()
                .sorted(Comparator.comparingLong(MessageBatch::sequence).reversed()).toList();
    }
}
