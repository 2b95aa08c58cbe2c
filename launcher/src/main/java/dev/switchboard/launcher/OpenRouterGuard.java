package dev.switchboard.launcher;

import dev.switchboard.launcher.config.SwitchboardConfig;
import java.util.Optional;
import java.util.Set;

/**
 * A router on a real cluster enforces a governance file unless its operator says {@code --open}: without one, anyone
 * who can write to {@code llm.requests} spends for any tenant, with no key, budget or rate limit. The embedded broker
 * of {@code switchboard up} (reachable from this machine only) is the demo and runs open.
 */
final class OpenRouterGuard {
    private OpenRouterGuard() {
    }

    /** Why this start is refused, if it is. */
    static Optional<String> refusal(SwitchboardConfig config, Set<Component> components, boolean open) {
        if (open || !components.contains(Component.ROUTER) || config.kafka().embedded() || config.governance().file() != null) {
            return Optional.empty();
        }
        return Optional.of("refusing to start a router on " + config.kafka().bootstrapServers() + " without a governance file: every "
                + "tenant would be open, with no virtual keys, budgets or rate limits, to anyone who can write to llm.requests. "
                + "Give --governance FILE (or governance.file in --config; see ops/governance.yaml), or --open to run without "
                + "governance on purpose.");
    }
}
