package dev.switchboard.router.governance;

/**
 * Hears each governance record applied to the router's global stores, by its position, so a publisher that knows
 * the offsets it wrote can wait until a change is live.
 */
@FunctionalInterface
public interface GovernanceListener {
    GovernanceListener NONE = (topic, partition, offset) -> { };

    void applied(String topic, int partition, long offset);
}
