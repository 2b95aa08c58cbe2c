package dev.switchboard.router.cache.bound;

import dev.switchboard.embeddings.online.BoundSettings;
import dev.switchboard.schemas.CacheBound;
import dev.switchboard.schemas.GovernancePolicy;
import dev.switchboard.schemas.VerifiedAnswer;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import dev.switchboard.router.governance.Governance;
import java.util.Objects;
import java.util.Optional;

/**
 * A tenant's error bound on semantic hits, from its governance policy ({@code cacheBound} in the governance file,
 * {@code cache_bound} on {@code llm.policies}).
 *
 * @param target         highest acceptable share of served semantic hits answering another question, in (0, 1)
 * @param verifyFraction share of would-be hits also sent to the provider (each a charged call), in [0, 1]
 * @param serve          what the caller of a verified hit gets: the cached answer at once, or the provider's
 */
public record BoundPolicy(double target, double verifyFraction, VerifiedAnswer serve) {
    public BoundPolicy {
        if (!(target > 0 && target < 1)) {
            throw new IllegalArgumentException("cacheBound.target must be in (0, 1), got " + target);
        }
        if (!(verifyFraction >= 0 && verifyFraction <= 1)) {
            throw new IllegalArgumentException("cacheBound.verifyFraction must be in [0, 1], got " + verifyFraction);
        }
        Objects.requireNonNull(serve, "cacheBound.serve");
    }

    /** The tenant's bound from the global policies store: its own policy's, or the defaults' ({@value Governance#DEFAULTS}). */
    public static Optional<BoundPolicy> of(ReadOnlyKeyValueStore<String, GovernancePolicy> policies, String tenant) {
        GovernancePolicy own = policies.get(tenant);
        return of(own != null ? own : policies.get(Governance.DEFAULTS));
    }

    /** The tenant's bound, if its policy sets one. A record on the topic that does not validate sets none (logged by the reader). */
    public static Optional<BoundPolicy> of(GovernancePolicy policy) {
        CacheBound bound = policy == null ? null : policy.getCacheBound();
        if (bound == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BoundPolicy(bound.getTargetFalseHitRate(), bound.getVerifyFraction(), bound.getServe()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The controller's settings on the scale of the lane's verifier. */
    public BoundSettings settings(ScoreScale scale) {
        BoundSettings settings = BoundSettings.of(target, verifyFraction, scale.initialCut());
        return scale.priorErrors() == null ? settings : settings.withPriorErrors(scale.priorErrors());
    }
}
