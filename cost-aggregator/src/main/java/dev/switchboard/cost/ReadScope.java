package dev.switchboard.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.switchboard.schemas.BudgetScope;
import dev.switchboard.schemas.access.Caller;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a caller may read of one tenant's endpoints. The admin reads everything; a tenant's key reads its tenant; a
 * key issued to a team reads its team's rows (windows by team, the team's budgets and spend) and not the tenant's
 * totals, which would show what the other teams spent. Pure: the server asks before answering and filters after.
 */
final class ReadScope {
    /** Endpoints whose rows name a team, so a team's key can be answered with its own rows. */
    private static final Set<String> TEAM_ROWS = Set.of("windows", "budgets", "spend");

    private ReadScope() {
    }

    /** Why this caller may not read {@code what} of {@code tenant}, if it may not (a 403). */
    static Optional<String> refusal(Caller caller, String tenant, String what, Map<String, String> query) {
        if (!caller.mayRead(tenant)) {
            return Optional.of("key " + caller.keyId() + " is not a key of tenant " + tenant);
        }
        if (caller.teamScoped() && (!TEAM_ROWS.contains(what) || "windows".equals(what) && !"team".equals(query.get("by")))) {
            return Optional.of("key " + caller.keyId() + " is issued to team " + caller.team() + ": it reads windows?by=team, budgets "
                    + "and spend of its team, not the tenant's totals");
        }
        return Optional.empty();
    }

    /** The rows of an allowed answer this caller may see: a team's key keeps its team's rows only. */
    static JsonNode visible(Caller caller, String what, JsonNode body) {
        if (!caller.teamScoped() || !(body instanceof ArrayNode rows)) {
            return body;
        }
        ArrayNode kept = rows.arrayNode();
        for (JsonNode row : rows) {
            boolean ours = "windows".equals(what)
                    ? caller.team().equals(row.path("team").asText(null))
                    : BudgetScope.TEAM.name().equals(row.path("scope").asText()) && caller.team().equals(row.path("scope_id").asText(null));
            if (ours) {
                kept.add(row);
            }
        }
        return kept;
    }
}
