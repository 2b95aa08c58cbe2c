package dev.switchboard.router.governance;

import dev.switchboard.router.RouterConfig;
import dev.switchboard.router.TenantPolicy;
import dev.switchboard.router.intake.RequestValidator;
import dev.switchboard.schemas.Attribution;
import dev.switchboard.schemas.GovernancePolicy;
import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.VirtualKey;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks the virtual key a request presents: known, of this tenant, not revoked or expired, and allowing what the
 * request asks for. Messages name the key's id, never the key, and never reveal another tenant's keys. Pure.
 */
public final class KeyCheck {
    private final RouterConfig config;

    public KeyCheck(RouterConfig config) {
        this.config = config;
    }

    public KeyVerdict check(LlmRequest request, GovernancePolicy policy, Function<String, Optional<VirtualKey>> keysBySha256, Instant now) {
        String tenant = request.getTenant();
        if (request.getApiKey() == null || request.getApiKey().isBlank()) {
            return policy.getRequireKey()
                    ? KeyVerdict.refused(GovernanceCodes.MISSING_KEY, "tenant " + tenant + " requires a virtual key in api_key")
                    : KeyVerdict.admitted(null);
        }
        Optional<VirtualKey> found = keysBySha256.apply(VirtualKeyHash.sha256Hex(request.getApiKey()));
        if (found.isEmpty()) {
            return KeyVerdict.refused(GovernanceCodes.INVALID_KEY, "the api_key is not a key of tenant " + tenant);
        }
        if (!found.get().getTenant().equals(tenant)) {
            // Names neither the key's tenant nor its id: the caller learns only that this key is not for this tenant.
            return KeyVerdict.refused(GovernanceCodes.KEY_TENANT_MISMATCH, "the api_key is issued to another tenant than " + tenant);
        }
        VirtualKey key = found.get();
        if (key.getRevoked()) {
            return KeyVerdict.refused(GovernanceCodes.KEY_REVOKED, "key " + key.getKeyId() + " has been revoked");
        }
        if (key.getExpiresAt() != null && !key.getExpiresAt().isAfter(now)) {
            return KeyVerdict.refused(GovernanceCodes.KEY_EXPIRED, "key " + key.getKeyId() + " expired at " + key.getExpiresAt());
        }
        return scope(request, key).map(message -> KeyVerdict.refused(GovernanceCodes.KEY_SCOPE, message)).orElse(KeyVerdict.admitted(key));
    }

    private Optional<String> scope(LlmRequest request, VirtualKey key) {
        Attribution claimed = request.getAttribution();
        if (key.getTeam() != null && claimed.getTeam() != null && !key.getTeam().equals(claimed.getTeam())) {
            return Optional.of("key " + key.getKeyId() + " is issued to team " + key.getTeam() + ", not " + claimed.getTeam());
        }
        if (key.getProject() != null && claimed.getProject() != null && !key.getProject().equals(claimed.getProject())) {
            return Optional.of("key " + key.getKeyId() + " is issued to project " + key.getProject() + ", not " + claimed.getProject());
        }
        if (!key.getAllowedModels().isEmpty()) {
            if (!request.getModel().equals(RequestValidator.AUTO) && !key.getAllowedModels().contains(request.getModel())) {
                return Optional.of("key " + key.getKeyId() + " may not use model " + request.getModel() + "; it allows " + key.getAllowedModels());
            }
            TenantPolicy tenant = config.policyOf(request.getTenant());
            if (key.getAllowedModels().stream().noneMatch(m -> config.serves(m) && tenant.allows(m))) {
                return Optional.of("key " + key.getKeyId() + " allows none of the models tenant " + request.getTenant() + " may use");
            }
        }
        if (request.getTierExplicit() && !key.getAllowedTiers().isEmpty() && !key.getAllowedTiers().contains(request.getTier())) {
            return Optional.of("key " + key.getKeyId() + " may not use the " + request.getTier().name().toLowerCase(java.util.Locale.ROOT)
                    + " tier; it allows " + key.getAllowedTiers());
        }
        return Optional.empty();
    }

    /** The request as it travels on: the key removed, attributed to the key's team, project and user, tier within the key's tiers. */
    public LlmRequest admitted(LlmRequest request, Optional<VirtualKey> key) {
        LlmRequest.Builder admitted = LlmRequest.newBuilder(request).setApiKey(null);
        if (key.isEmpty()) {
            return admitted.setAttribution(Attribution.newBuilder(request.getAttribution()).setKeyId(null).build()).build();
        }
        VirtualKey k = key.get();
        Attribution claimed = request.getAttribution();
        admitted.setAttribution(new Attribution(
                either(k.getTeam(), claimed.getTeam()),
                either(k.getProject(), claimed.getProject()),
                claimed.getFeature(),
                either(k.getUser(), claimed.getUser()),
                k.getKeyId()));
        if (!request.getTierExplicit() && !k.getAllowedTiers().isEmpty()) {
            var tier = dev.switchboard.router.route.RoutingDecider.tier(request, config.policyOf(request.getTenant()));
            if (!k.getAllowedTiers().contains(tier)) {
                admitted.setTier(k.getAllowedTiers().get(0)).setTierExplicit(true);
            }
        }
        return admitted.build();
    }

    private static String either(String fromKey, String claimed) {
        return fromKey != null ? fromKey : claimed;
    }
}
