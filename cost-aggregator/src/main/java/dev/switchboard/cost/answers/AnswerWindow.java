package dev.switchboard.cost.answers;

import dev.switchboard.schemas.AnswerStats;
import java.time.Instant;

/** One tenant's answers in the window that starts at {@code start}. */
public record AnswerWindow(Instant start, AnswerStats stats) {
}
