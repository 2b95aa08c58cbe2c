package dev.switchboard.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * One OpenAI batch and its lifecycle: {@code validating} (as created) → {@code in_progress} (first look) or
 * {@code failed} (input lines invalid) → {@code completed} once the configured completion delay has passed.
 * A cancel moves it to {@code cancelling}, then {@code cancelled} on the next look. Transitions happen lazily
 * when the batch is read, so no timer is needed; lines are only processed on completion.
 */
final class OpenAiBatch {

    static final Duration WINDOW = Duration.ofHours(24);

    /** A validated input line. */
    record InputLine(String customId, JsonNode body) {
    }

    /** What processing the lines produced. */
    record Outcome(String outputFileId, String errorFileId, int completed, int failed, long inputTokens,
                   long outputTokens) {
    }

    private final String id;
    private final String inputFileId;
    private final String endpoint;
    private final JsonNode metadata;
    private final Instant created;
    private final Instant due;
    private final long sequence;
    private final List<InputLine> lines;
    private final List<ObjectNode> validationErrors;

    private String status = "validating";
    private Long inProgressAt;
    private Long finalizingAt;
    private Long completedAt;
    private Long failedAt;
    private Long cancellingAt;
    private Long cancelledAt;
    private Outcome outcome;

    OpenAiBatch(String id, String inputFileId, String endpoint, JsonNode metadata, Instant created, Duration delay,
                long sequence, List<InputLine> lines, List<ObjectNode> validationErrors) {
        this.id = id;
        this.inputFileId = inputFileId;
        this.endpoint = endpoint;
        this.metadata = metadata;
        this.created = created;
        this.due = created.plus(delay);
        this.sequence = sequence;
        this.lines = List.copyOf(lines);
        this.validationErrors = List.copyOf(validationErrors);
    }

    String id() {
        return id;
    }

    long sequence() {
        return sequence;
    }

    List<InputLine> lines() {
        return lines;
    }

    /** Moves the batch along its lifecycle as of {@code now}; {@code runner} processes the lines when due. */
    synchronized void advance(Instant now, Function<OpenAiBatch, Outcome> runner) {
        long seconds = now.getEpochSecond();
        if (status.equals("validating")) {
            if (!validationErrors.isEmpty()) {
                status = "failed";
                failedAt = seconds;
                return;
            }
            status = "in_progress";
            inProgressAt = seconds;
        }
        if (status.equals("cancelling")) {
            status = "cancelled";
            cancelledAt = seconds;
        }
        if (status.equals("in_progress") && !now.isBefore(due)) {
            outcome = runner.apply(this);
            status = "completed";
            finalizingAt = seconds;
            completedAt = seconds;
        }
    }

    /** True when the batch was still running and is now cancelling. */
    synchronized boolean cancel(Instant now) {
        if (!status.equals("validating") && !status.equals("in_progress")) {
            return false;
        }
        status = "cancelling";
        cancellingAt = now.getEpochSecond();
        return true;
    }

    synchronized String status() {
        return status;
    }

    synchronized ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode root = mapper.createObjectNode();
        root.put("id", id);
        root.put("object", "batch");
        root.put("endpoint", endpoint);
        if (validationErrors.isEmpty()) {
            root.putNull("errors");
        } else {
            ObjectNode errors = root.putObject("errors");
            errors.put("object", "list");
            errors.putArray("data").addAll(validationErrors);
        }
        root.put("input_file_id", inputFileId);
        root.put("completion_window", "24h");
        root.put("status", status);
        root.put("output_file_id", outcome == null ? null : outcome.outputFileId());
        root.put("error_file_id", outcome == null ? null : outcome.errorFileId());
        root.put("created_at", created.getEpochSecond());
        root.put("in_progress_at", inProgressAt);
        root.put("expires_at", created.plus(WINDOW).getEpochSecond());
        root.put("finalizing_at", finalizingAt);
        root.put("completed_at", completedAt);
        root.put("failed_at", failedAt);
        root.putNull("expired_at");
        root.put("cancelling_at", cancellingAt);
        root.put("cancelled_at", cancelledAt);
        ObjectNode counts = root.putObject("request_counts");
        counts.put("total", validationErrors.isEmpty() ? lines.size() : 0);
        counts.put("completed", outcome == null ? 0 : outcome.completed());
        counts.put("failed", outcome == null ? 0 : outcome.failed());
        if (outcome != null) {
            ObjectNode usage = root.putObject("usage");
            usage.put("input_tokens", outcome.inputTokens());
            usage.putObject("input_tokens_details").put("cached_tokens", 0);
            usage.put("output_tokens", outcome.outputTokens());
            usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
            usage.put("total_tokens", outcome.inputTokens() + outcome.outputTokens());
        }
        if (metadata == null || metadata.isNull()) {
            root.putNull("metadata");
        } else {
            root.set("metadata", metadata);
        }
        return root;
    }
}
