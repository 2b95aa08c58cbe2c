package dev.switchboard.router.governance;

import dev.switchboard.schemas.Attribution;
import dev.switchboard.schemas.BudgetScope;
import java.util.Optional;

/** Which member of a budget or rate-limit scope a request belongs to, and the store keys built from it. */
public final class Scopes {
    /** Unit separator: never part of a tenant, team, project or key id a person would type. */
    private static final String SEPARATOR = "\u001f";

    private Scopes() {
    }

    /** The tenant for TENANT, else the request's team, project or key id (empty when the request has none). */
    public static Optional<String> memberOf(BudgetScope scope, String tenant, Attribution attribution) {
        return Optional.ofNullable(switch (scope) {
            case TENANT -> tenant;
            case TEAM -> attribution.getTeam();
            case PROJECT -> attribution.getProject();
            case KEY -> attribution.getKeyId();
        });
    }

    /** A limit or budget naming a member applies to that member only; one naming none applies to each member. */
    public static boolean applies(String limitScopeId, String member) {
        return limitScopeId == null || limitScopeId.equals(member);
    }

    public static String key(String... parts) {
        return String.join(SEPARATOR, parts);
    }

    /** Keys of one tenant sort together: the prefix to scan them all. */
    public static String tenantPrefix(String tenant) {
        return tenant + SEPARATOR;
    }
}
