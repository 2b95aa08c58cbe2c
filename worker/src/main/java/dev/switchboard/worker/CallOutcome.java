package dev.switchboard.worker;

import dev.switchboard.schemas.CacheFill;
import dev.switchboard.schemas.DeadLetter;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.RoutedRequest;
import dev.switchboard.schemas.UsageEvent;
import java.util.List;

/**
 * Everything one routed request produces here. Either a terminal answer (with the cache-fill record that completes
 * the router's dedup entry, and a dead letter when the whole fallback chain failed) or a hand-over to the next model
 * of the chain; in both cases one usage event per provider call made.
 */
public record CallOutcome(String replyTopic, LlmResponse response, List<UsageEvent> usage, CacheFill cacheFill,
                          RoutedRequest fallback, DeadLetter deadLetter) {
    public CallOutcome {
        usage = List.copyOf(usage);
    }

    static CallOutcome answer(String replyTopic, LlmResponse response, List<UsageEvent> usage, CacheFill cacheFill, DeadLetter deadLetter) {
        return new CallOutcome(replyTopic, response, usage, cacheFill, null, deadLetter);
    }

    static CallOutcome fallOver(RoutedRequest next, List<UsageEvent> usage) {
        return new CallOutcome(null, null, usage, null, next, null);
    }

    public boolean terminal() {
        return response != null;
    }
}
