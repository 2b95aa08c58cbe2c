package dev.switchboard.worker;

import dev.switchboard.schemas.CacheFill;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.UsageEvent;

/**
 * Everything one routed request produces: the answer for the caller, the usage event for billing (null when no
 * provider was called), and the cache-fill record that completes the router's dedup entry.
 */
public record CallOutcome(String replyTopic, LlmResponse response, UsageEvent usage, CacheFill cacheFill) {
}
