package dev.switchboard.router.route;

import dev.switchboard.schemas.Tier;

/** Hears every routing decision, for metrics; the topology stays free of any metrics library. */
@FunctionalInterface
public interface RouteListener {
    RouteListener NONE = (tenant, decision, tier) -> { };

    void routed(String tenant, RouteDecision decision, Tier tier);
}
