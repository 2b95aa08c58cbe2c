package dev.switchboard.gateway.batch;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * A batch as kept on the compacted {@code llm.batches} topic (keyed by id): what was asked, where it stands, and,
 * once finished, its output and error files. Lines answered so far are not stored here: they are on the batch reply
 * topic, which a restarted gateway reads again. Times are Unix seconds, as OpenAI gives them.
 *
 * @param invalidLines lines that could not become requests, answered in the error file without being run
 */
public record BatchRecord(String id, String tenant, String inputFileId, String endpoint, String completionWindow, String status,
                          int total, List<InvalidLine> invalidLines, Map<String, String> metadata, long createdAt, long expiresAt,
                          Long cancellingAt, Long finishedAt, String outputFileId, String errorFileId, int completed, int failed) {
    public static final String IN_PROGRESS = "in_progress";
    public static final String CANCELLING = "cancelling";
    public static final String COMPLETED = "completed";
    public static final String CANCELLED = "cancelled";

    public record InvalidLine(int line, String customId, String message) {
    }

    public BatchRecord {
        invalidLines = List.copyOf(invalidLines);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public boolean finished() {
        return status.equals(COMPLETED) || status.equals(CANCELLED);
    }

    public BatchRecord cancelling(long now) {
        return new BatchRecord(id, tenant, inputFileId, endpoint, completionWindow, CANCELLING, total, invalidLines, metadata, createdAt,
                expiresAt, now, finishedAt, outputFileId, errorFileId, completed, failed);
    }

    public BatchRecord finished(long now, String outputFileId, String errorFileId, int completed, int failed) {
        return new BatchRecord(id, tenant, inputFileId, endpoint, completionWindow, status.equals(CANCELLING) ? CANCELLED : COMPLETED, total,
                invalidLines, metadata, createdAt, expiresAt, cancellingAt, now, outputFileId, errorFileId, completed, failed);
    }

    /** The OpenAI batch object; {@code completed} and {@code failed} are live counts while it runs. */
    public ObjectNode json(int completedNow, int failedNow) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", id);
        node.put("object", "batch");
        node.put("endpoint", endpoint);
        node.putNull("errors");
        node.put("input_file_id", inputFileId);
        node.put("completion_window", completionWindow);
        node.put("status", status);
        node.put("output_file_id", outputFileId);
        node.put("error_file_id", errorFileId);
        node.put("created_at", createdAt);
        node.put("in_progress_at", createdAt);
        node.put("expires_at", expiresAt);
        node.putNull("finalizing_at");
        putTime(node, "completed_at", status.equals(COMPLETED) ? finishedAt : null);
        node.putNull("failed_at");
        node.putNull("expired_at");
        putTime(node, "cancelling_at", cancellingAt);
        putTime(node, "cancelled_at", status.equals(CANCELLED) ? finishedAt : null);
        ObjectNode counts = node.putObject("request_counts");
        counts.put("total", total);
        counts.put("completed", finished() ? completed : completedNow);
        counts.put("failed", finished() ? failed : failedNow);
        ObjectNode meta = node.putObject("metadata");
        metadata.forEach(meta::put);
        return node;
    }

    private static void putTime(ObjectNode node, String field, Long value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }
}
