package dev.switchboard.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * One Anthropic message batch: {@code in_progress} until the completion delay has passed, then {@code ended}
 * with its results; a cancel moves it to {@code canceling} and on the next look to {@code ended} with every
 * request canceled (nothing was processed yet). Transitions happen lazily when the batch is read.
 */
final class MessageBatch {

    static final Duration EXPIRY = Duration.ofHours(24);

    /** One request of the batch, params not validated yet (Anthropic validates them asynchronously). */
    record Request(String customId, JsonNode params) {
    }

    /** The results file and the final counts. */
    record Outcome(byte[] results, int succeeded, int errored, int canceled) {
    }

    private final String id;
    private final Instant created;
    private final Instant due;
    private final long sequence;
    private final List<Request> requests;

    private String status = "in_progress";
    private Instant endedAt;
    private Instant cancelInitiatedAt;
    private Outcome outcome;

    MessageBatch(String id, Instant created, Duration delay, long sequence, List<Request> requests) {
        this.id = id;
        this.created = created;
        this.due = created.plus(delay);
        this.sequence = sequence;
        this.requests = List.copyOf(requests);
    }

    String id() {
        return id;
    }

    long sequence() {
        return sequence;
    }

    List<Request> requests() {
        return requests;
    }

    /** {@code runner(batch, canceled)} produces the results when the batch ends. */
    synchronized void advance(Instant now, BiFunction<MessageBatch, Boolean, Outcome> runner) {
        if (status.equals("canceling")) {
            end(now, runner.apply(this, true));
        } else if (status.equals("in_progress") && !now.isBefore(due)) {
            end(now, runner.apply(this, false));
        }
    }

    /** Requests cancellation of a batch still in progress; a no-op otherwise. */
    synchronized void cancel(Instant now) {
        if (status.equals("in_progress")) {
            status = "canceling";
            cancelInitiatedAt = now;
        }
    }

    synchronized boolean ended() {
        return status.equals("ended");
    }

    synchronized Optional<byte[]> results() {
        return Optional.ofNullable(outcome).map(Outcome::results);
    }

    synchronized ObjectNode toJson(ObjectMapper mapper, String resultsUrl) {
        ObjectNode root = mapper.createObjectNode();
        root.put("id", id);
        root.put("type", "message_batch");
        root.put("processing_status", status);
        ObjectNode counts = root.putObject("request_counts");
        counts.put("processing", outcome == null ? requests.size() : 0);
        counts.put("succeeded", outcome == null ? 0 : outcome.succeeded());
        counts.put("errored", outcome == null ? 0 : outcome.errored());
        counts.put("canceled", outcome == null ? 0 : outcome.canceled());
        counts.put("expired", 0);
        root.put("ended_at", endedAt == null ? null : endedAt.toString());
        root.put("created_at", created.toString());
        root.put("expires_at", created.plus(EXPIRY).toString());
        root.putNull("archived_at");
        root.put("cancel_initiated_at", cancelInitiatedAt == null ? null : cancelInitiatedAt.toString());
        root.put("results_url", outcome == null ? null : resultsUrl);
        return root;
    }

    private void end(Instant now, Outcome result) {
        outcome = result;
        status = "ended";
        endedAt = now;
    }
}
