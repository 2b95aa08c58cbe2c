package dev.switchboard.router.governance;

import dev.switchboard.schemas.BudgetScopes;
import dev.switchboard.schemas.GovernancePolicy;
import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.RateLimit;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * RPM and TPM per key, team, project and tenant: the permits a request takes, one per limit that applies to it. They
 * are counted by the tenant's one ledger (one counter per scope member and measure, however many lanes and router
 * instances there are), which lends them to lanes; plain, no state here.
 */
public final class RateLimits {
    private RateLimits() {
    }

    public static List<Permit> permits(LlmRequest request, GovernancePolicy policy, long tokens) {
        return policy.getRateLimits().stream().flatMap(limit -> BudgetScopes.memberOf(limit.getScope(), request.getTenant(), request.getAttribution())
                .filter(member -> BudgetScopes.applies(limit.getScopeId(), member))
                .stream()
                .flatMap(member -> permitsOf(request.getTenant(), limit, member, tokens))).toList();
    }

    private static Stream<Permit> permitsOf(String tenant, RateLimit limit, String member, long tokens) {
        String scope = limit.getScope().name();
        String subject = scope.toLowerCase(Locale.ROOT) + " " + member;
        Stream.Builder<Permit> permits = Stream.builder();
        if (limit.getRpm() != null) {
            permits.add(new Permit(Permit.Kind.REQUESTS_PER_MINUTE, Scopes.key(tenant, "rate", scope, member, "requests"), limit.getRpm(), 1, subject));
        }
        if (limit.getTpm() != null) {
            permits.add(new Permit(Permit.Kind.TOKENS_PER_MINUTE, Scopes.key(tenant, "rate", scope, member, "tokens"), limit.getTpm(), tokens, subject));
        }
        return permits.build();
    }
}
