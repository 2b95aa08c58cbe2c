package dev.switchboard.schemas;

import java.util.Optional;

/**
 * Which member of a budget or rate-limit scope a request or a provider call belongs to. The router holds budgets
 * by it and the cost aggregator counts spend by it, so both must read attribution the same way.
 */
public final class BudgetScopes {
    private BudgetScopes() {
    }

    /** The tenant for TENANT, else the team, project or key id; empty when there is none (a blank id is none). */
    public static Optional<String> memberOf(BudgetScope scope, String tenant, Attribution attribution) {
        String member = switch (scope) {
            case TENANT -> tenant;
            case TEAM -> attribution == null ? null : attribution.getTeam();
            case PROJECT -> attribution == null ? null : attribution.getProject();
            case KEY -> attribution == null ? null : attribution.getKeyId();
        };
        return member == null || member.isBlank() ? Optional.empty() : Optional.of(member);
    }

    /** A limit or budget naming a member applies to that member only; one naming none applies to each member. */
    public static boolean applies(String limitScopeId, String member) {
        return limitScopeId == null || limitScopeId.equals(member);
    }
}
