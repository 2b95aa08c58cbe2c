package dev.switchboard.launcher.governance;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The governance file: issued keys (by hash only), and per tenant the key requirement, budgets, rate limits and
 * token caps. Read into typed records and validated whole, so a bad edit is refused before any of it is published.
 *
 * @param defaults for tenants the file does not list; absent: such tenants are open
 */
public record GovernanceFile(TenantRules defaults, Map<String, TenantRules> tenants, List<KeyEntry> keys) {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Set<String> SCOPES = Set.of("tenant", "team", "project", "key");
    private static final Set<String> PERIODS = Set.of("day", "month");
    private static final Set<String> TIERS = Set.of("interactive", "standard", "batch");

    public GovernanceFile {
        tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
        keys = keys == null ? List.of() : List.copyOf(keys);
        if (defaults != null) {
            defaults.validate("defaults");
        }
        tenants.forEach((tenant, rules) -> rules.validate("tenants." + tenant));
        Set<String> ids = new HashSet<>();
        Set<String> hashes = new HashSet<>();
        for (KeyEntry key : keys) {
            key.validate();
            if (!ids.add(key.tenant() + "/" + key.id())) {
                throw new IllegalArgumentException("keys: id " + key.id() + " appears twice for tenant " + key.tenant());
            }
            if (!hashes.add(key.sha256())) {
                throw new IllegalArgumentException("keys: two keys share the sha256 of key " + key.id());
            }
        }
    }

    /**
     * @param requireKey         requests without a valid virtual key are refused (default true)
     * @param downgradeModel     where requests go once a soft limit is reached
     * @param defaultMaxTokens   output cap given to requests without max_tokens when a budget applies (default 1024)
     * @param cacheBound         the tenant's error bound on semantic cache hits; absent: none
     */
    public record TenantRules(Boolean requireKey, List<BudgetEntry> budgets, List<RateLimitEntry> rateLimits, String downgradeModel,
                              Integer defaultMaxTokens, Long maxTokensPerRequest, Long maxTokensPerSession, CacheBoundEntry cacheBound) {
        public TenantRules {
            budgets = budgets == null ? List.of() : List.copyOf(budgets);
            rateLimits = rateLimits == null ? List.of() : List.copyOf(rateLimits);
        }

        void validate(String where) {
            budgets.forEach(b -> b.validate(where + ".budgets"));
            rateLimits.forEach(r -> r.validate(where + ".rateLimits"));
            positive(defaultMaxTokens == null ? null : defaultMaxTokens.longValue(), where + ".defaultMaxTokens");
            positive(maxTokensPerRequest, where + ".maxTokensPerRequest");
            positive(maxTokensPerSession, where + ".maxTokensPerSession");
            if (budgets.stream().anyMatch(b -> b.soft() != null) && downgradeModel == null) {
                throw new IllegalArgumentException(where + ": a soft limit needs a downgradeModel to send requests to");
            }
            if (cacheBound != null) {
                cacheBound.validate(where + ".cacheBound");
            }
        }
    }

    /**
     * A tenant's error bound on semantic cache hits (router.cache.bound).
     *
     * @param target         highest acceptable share of served semantic hits that answer another question, in (0, 1)
     * @param verifyFraction share of would-be hits also sent to the provider, each a charged call (default 0.05)
     * @param serve          {@code cached} (default): the caller of a verified hit gets the cached answer at once;
     *                       {@code fresh}: it gets the provider's
     */
    public record CacheBoundEntry(Double target, Double verifyFraction, String serve) {
        public static final double DEFAULT_VERIFY_FRACTION = 0.05;
        private static final Set<String> SERVE = Set.of("cached", "fresh");

        void validate(String where) {
            if (target == null) {
                throw new IllegalArgumentException(where + ".target must be set (e.g. 0.02)");
            }
            if (serve != null) {
                oneOf(serve, SERVE, where + ".serve");
            }
            try {
                bound();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }

        public dev.switchboard.router.cache.bound.BoundPolicy bound() {
            return new dev.switchboard.router.cache.bound.BoundPolicy(target, verifyFraction == null ? DEFAULT_VERIFY_FRACTION : verifyFraction,
                    serve == null ? dev.switchboard.schemas.VerifiedAnswer.CACHED
                            : dev.switchboard.schemas.VerifiedAnswer.valueOf(serve.toUpperCase(Locale.ROOT)));
        }
    }

    /** @param id the team, project or key id; absent: the budget applies to each one separately */
    public record BudgetEntry(String scope, String id, String period, BigDecimal hard, BigDecimal soft) {
        void validate(String where) {
            oneOf(scope, SCOPES, where + ".scope");
            oneOf(period, PERIODS, where + ".period");
            if (hard == null && soft == null) {
                throw new IllegalArgumentException(where + ": a budget needs a hard or a soft limit (USD)");
            }
            if ((hard != null && hard.signum() <= 0) || (soft != null && soft.signum() <= 0)) {
                throw new IllegalArgumentException(where + ": limits must be positive USD amounts");
            }
            if (hard != null && soft != null && soft.compareTo(hard) > 0) {
                throw new IllegalArgumentException(where + ": the soft limit " + soft + " is above the hard limit " + hard);
            }
            if (hard != null && hard.scale() > 12 || soft != null && soft.scale() > 12) {
                throw new IllegalArgumentException(where + ": limits have at most 12 decimals");
            }
        }
    }

    public record RateLimitEntry(String scope, String id, Integer rpm, Long tpm) {
        void validate(String where) {
            oneOf(scope, SCOPES, where + ".scope");
            if (rpm == null && tpm == null) {
                throw new IllegalArgumentException(where + ": a rate limit needs rpm or tpm");
            }
            positive(rpm == null ? null : rpm.longValue(), where + ".rpm");
            positive(tpm, where + ".tpm");
        }
    }

    /**
     * An issued key: never the key itself, only its SHA-256 ({@code switchboard keys new} prints both once).
     *
     * @param models empty: every model the tenant may use
     * @param tiers  empty: every tier
     */
    public record KeyEntry(String id, String sha256, String tenant, String team, String project, String user, List<String> models,
                           List<String> tiers, Instant expires, boolean revoked) {
        public KeyEntry {
            models = models == null ? List.of() : List.copyOf(models);
            tiers = tiers == null ? List.of() : List.copyOf(tiers);
        }

        void validate() {
            if (id == null || id.isBlank() || tenant == null || tenant.isBlank()) {
                throw new IllegalArgumentException("keys: every key needs an id and a tenant");
            }
            if (sha256 == null || !SHA256.matcher(sha256).matches()) {
                throw new IllegalArgumentException("keys." + id + ": sha256 must be 64 lower-case hex digits (the key itself never goes in this file)");
            }
            tiers.forEach(tier -> oneOf(tier, TIERS, "keys." + id + ".tiers"));
        }
    }

    public static GovernanceFile parse(byte[] yaml) throws IOException {
        GovernanceFile file = new ObjectMapper(new YAMLFactory())
                .registerModule(new JavaTimeModule())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .readValue(yaml, GovernanceFile.class);
        return file == null ? new GovernanceFile(null, null, null) : file;
    }

    private static void oneOf(String value, Set<String> allowed, String where) {
        if (value == null || !allowed.contains(value.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(where + " must be one of " + allowed + ", got " + value);
        }
    }

    private static void positive(Long value, String where) {
        if (value != null && value <= 0) {
            throw new IllegalArgumentException(where + " must be positive, got " + value);
        }
    }
}
