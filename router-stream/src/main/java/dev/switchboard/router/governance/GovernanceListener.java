package dev.switchboard.router.governance;

/** Hears each governance record applied to the router's global stores, so callers can wait for a change to be live. */
@FunctionalInterface
public interface GovernanceListener {
    GovernanceListener NONE = version -> { };

    /** @param configVersion the {@code config_version} of the record just applied */
    void applied(long configVersion);
}
