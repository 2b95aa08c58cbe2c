package dev.switchboard.router.governance;

import dev.switchboard.router.intake.Rejection;
import dev.switchboard.schemas.GovernancePolicy;
import dev.switchboard.schemas.LlmRequest;
import java.time.Duration;
import java.util.Optional;

/**
 * Token caps. Per request: what it asks for must fit. Per session: the tokens its requests asked for add up, and
 * once the next one would pass the cap the session is stopped, so an agent looping on itself ends however fast it
 * goes. Counting at admission (not on answers) makes the cap hold while calls are still in flight; the tenant's one
 * ledger counts each session, so requests of one session sent in several tiers share its cap. Plain, no state here.
 */
public final class SessionTokens {
    /** A session not heard from for this long is forgotten by the ledger (its count starts again if it comes back). */
    public static final Duration IDLE = Duration.ofHours(24);

    private SessionTokens() {
    }

    /** The per-request cap, judged on the request alone. */
    public static Optional<Rejection> check(GovernancePolicy policy, long tokens) {
        if (policy.getMaxTokensPerRequest() != null && tokens > policy.getMaxTokensPerRequest()) {
            return Optional.of(new Rejection(GovernanceCodes.TOKEN_CAP, "the request asks for about " + tokens
                    + " tokens (prompt and max_tokens); the cap is " + policy.getMaxTokensPerRequest() + " per request"));
        }
        return Optional.empty();
    }

    /** What the request takes from its session's cap; empty when the policy has no cap or the request no session. */
    public static Optional<Permit> permit(LlmRequest request, GovernancePolicy policy, long tokens) {
        if (policy.getMaxTokensPerSession() == null || request.getSessionId() == null) {
            return Optional.empty();
        }
        return Optional.of(new Permit(Permit.Kind.SESSION_TOKENS, Scopes.key(request.getTenant(), "session", request.getSessionId()),
                policy.getMaxTokensPerSession(), tokens, "session " + request.getSessionId()));
    }
}
