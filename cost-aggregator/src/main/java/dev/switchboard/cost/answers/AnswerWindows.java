package dev.switchboard.cost.answers;

import java.time.Instant;
import java.util.List;

/** Read access to the answer windows: what the HTTP layer needs, so it can be tested without Kafka. */
public interface AnswerWindows {
    /** No answer windows (a query server started without them): every tenant answers empty. */
    AnswerWindows NONE = (tenant, size, from, to) -> List.of();

    /**
     * The answer windows of {@code tenant} of the given size ("1m", "1h", "1d") whose start lies in [from, to],
     * oldest first.
     */
    List<AnswerWindow> windows(String tenant, String size, Instant from, Instant to);
}
