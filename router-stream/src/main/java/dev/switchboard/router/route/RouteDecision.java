package dev.switchboard.router.route;

/** The model a request goes to, which policy chose it, and why (both end up in the answer's route facts). */
public record RouteDecision(String model, String strategy, String reason) {
}
