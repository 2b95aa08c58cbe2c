package dev.switchboard.router.route;

import dev.switchboard.router.TenantPolicy;
import dev.switchboard.router.intake.RequestValidator;
import dev.switchboard.schemas.LlmRequest;

/** The requested model when the tenant may use it, else the tenant's default. */
public final class StaticRoutingPolicy {
    public static final String STRATEGY = "static";

    public RouteDecision decide(LlmRequest request, TenantPolicy policy) {
        String requested = request.getModel();
        if (requested.equals(RequestValidator.AUTO)) {
            return new RouteDecision(policy.defaultModel(), STRATEGY, "auto: tenant default");
        }
        if (policy.allows(requested)) {
            return new RouteDecision(requested, STRATEGY, "requested model");
        }
        return new RouteDecision(policy.defaultModel(), STRATEGY, "requested model " + requested + " not allowed for tenant; tenant default");
    }
}
