package dev.switchboard.launcher.demo;

import dev.switchboard.launcher.governance.GovernanceFile;
import dev.switchboard.router.governance.VirtualKeyHash;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's governance: a fresh key per tenant and team (held only in this process; the published file carries
 * their hashes), a revoked key, a monthly budget per tenant, a per-key rate limit, and one team with a daily budget
 * small enough that a burst of its requests meets it.
 */
public final class DemoGovernance {
    public static final String BUDGET_TENANT = "initech";
    public static final String BUDGET_TEAM = "research";
    public static final BigDecimal TEAM_DAILY_BUDGET = new BigDecimal("0.02");
    static final String REVOKED_KEY_ID = "acme-retired";

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Map<String, String> keys = new LinkedHashMap<>();
    private final String revokedKey = newKey();

    public DemoGovernance() {
        for (String tenant : DemoWorkload.TENANTS) {
            for (String team : DemoWorkload.TEAMS) {
                keys.put(tenant + "/" + team, newKey());
            }
        }
        keys.put(BUDGET_TENANT + "/" + BUDGET_TEAM, newKey());
    }

    public String keyOf(String tenant, String team) {
        String key = keys.get(tenant + "/" + team);
        if (key == null) {
            throw new IllegalArgumentException("the demo issued no key for " + tenant + "/" + team);
        }
        return key;
    }

    public String revokedKey() {
        return revokedKey;
    }

    public GovernanceFile file() {
        List<GovernanceFile.KeyEntry> entries = new ArrayList<>();
        keys.forEach((owner, key) -> {
            String[] parts = owner.split("/");
            entries.add(new GovernanceFile.KeyEntry(parts[0] + "-" + parts[1], VirtualKeyHash.sha256Hex(key), parts[0], parts[1], null, null,
                    List.of(), List.of(), null, false));
        });
        entries.add(new GovernanceFile.KeyEntry(REVOKED_KEY_ID, VirtualKeyHash.sha256Hex(revokedKey), "acme", "search", null, null,
                List.of(), List.of(), null, true));
        Map<String, GovernanceFile.TenantRules> tenants = new LinkedHashMap<>();
        for (String tenant : DemoWorkload.TENANTS) {
            List<GovernanceFile.BudgetEntry> budgets = new ArrayList<>(List.of(new GovernanceFile.BudgetEntry("tenant", null, "month", new BigDecimal("50.00"), null)));
            if (tenant.equals(BUDGET_TENANT)) {
                budgets.add(new GovernanceFile.BudgetEntry("team", BUDGET_TEAM, "day", TEAM_DAILY_BUDGET, null));
            }
            tenants.put(tenant, new GovernanceFile.TenantRules(true, budgets,
                    List.of(new GovernanceFile.RateLimitEntry("key", null, 6_000, null)), null, null, null, null, null));
        }
        return new GovernanceFile(null, tenants, entries);
    }

    private static String newKey() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return "sk-sb-" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }
}
