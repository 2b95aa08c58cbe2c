package dev.switchboard.router.route;

/**
 * The model a request goes to, which policy chose it and why (both end up in the answer's route facts), and the
 * stronger model a cascade escalates to when the answer fails its check (null: no cascade).
 */
public record RouteDecision(String model, String strategy, String reason, String escalateTo) {
    public RouteDecision(String model, String strategy, String reason) {
        this(model, strategy, reason, null);
    }

    RouteDecision withEscalation(String stronger) {
        return new RouteDecision(model, strategy, reason + (stronger == null ? "" : "; cascade to " + stronger), stronger);
    }

    RouteDecision overriddenBy(String otherModel, String rule) {
        return new RouteDecision(otherModel, strategy + "+domain", rule, escalateTo);
    }
}
