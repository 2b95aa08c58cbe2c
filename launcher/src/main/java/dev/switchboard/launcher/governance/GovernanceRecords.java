package dev.switchboard.launcher.governance;

import dev.switchboard.router.cache.bound.BoundPolicy;
import dev.switchboard.router.governance.Governance;
import dev.switchboard.schemas.Budget;
import dev.switchboard.schemas.BudgetPeriod;
import dev.switchboard.schemas.BudgetScope;
import dev.switchboard.schemas.CacheBound;
import dev.switchboard.schemas.GovernancePolicy;
import dev.switchboard.schemas.Money;
import dev.switchboard.schemas.RateLimit;
import dev.switchboard.schemas.Tier;
import dev.switchboard.schemas.VirtualKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The governance file as the records of llm.keys (by key hash) and llm.policies (by tenant, "*" for the defaults). */
public final class GovernanceRecords {
    private GovernanceRecords() {
    }

    public static Map<String, VirtualKey> keys(GovernanceFile file, long version) {
        Map<String, VirtualKey> keys = new LinkedHashMap<>();
        for (GovernanceFile.KeyEntry key : file.keys()) {
            keys.put(key.sha256(), VirtualKey.newBuilder().setKeyId(key.id()).setKeySha256(key.sha256()).setTenant(key.tenant())
                    .setTeam(key.team()).setProject(key.project()).setUser(key.user()).setAllowedModels(new ArrayList<>(key.models()))
                    .setAllowedTiers(new ArrayList<>(key.tiers().stream().map(t -> Tier.valueOf(t.toUpperCase(Locale.ROOT))).toList()))
                    .setExpiresAt(key.expires()).setRevoked(key.revoked()).setConfigVersion(version).build());
        }
        return keys;
    }

    public static Map<String, GovernancePolicy> policies(GovernanceFile file, long version) {
        Map<String, GovernancePolicy> policies = new LinkedHashMap<>();
        if (file.defaults() != null) {
            policies.put(Governance.DEFAULTS, policy(Governance.DEFAULTS, file.defaults(), version));
        }
        file.tenants().forEach((tenant, rules) -> policies.put(tenant, policy(tenant, rules, version)));
        return policies;
    }

    private static GovernancePolicy policy(String tenant, GovernanceFile.TenantRules rules, long version) {
        return GovernancePolicy.newBuilder()
                .setTenant(tenant)
                .setRequireKey(rules.requireKey() == null || rules.requireKey())
                .setBudgets(new ArrayList<>(rules.budgets().stream().map(b -> new Budget(scope(b.scope()), b.id(),
                        BudgetPeriod.valueOf(b.period().toUpperCase(Locale.ROOT)),
                        b.hard() == null ? null : Money.of(b.hard()), b.soft() == null ? null : Money.of(b.soft()))).toList()))
                .setRateLimits(new ArrayList<>(rules.rateLimits().stream().map(r -> new RateLimit(scope(r.scope()), r.id(), r.rpm(), r.tpm())).toList()))
                .setDowngradeModel(rules.downgradeModel())
                .setDefaultMaxTokens(rules.defaultMaxTokens() == null ? 1024 : rules.defaultMaxTokens())
                .setMaxTokensPerRequest(rules.maxTokensPerRequest())
                .setMaxTokensPerSession(rules.maxTokensPerSession())
                .setConfigVersion(version)
                .setCacheBound(rules.cacheBound() == null ? null : cacheBound(rules.cacheBound().bound()))
                .build();
    }

    private static CacheBound cacheBound(BoundPolicy bound) {
        return new CacheBound(bound.target(), bound.verifyFraction(), bound.serve());
    }

    private static BudgetScope scope(String scope) {
        return BudgetScope.valueOf(scope.toUpperCase(Locale.ROOT));
    }
}
