package dev.switchboard.router.cache.bound;

import dev.switchboard.embeddings.Embedder;
import dev.switchboard.embeddings.online.BoundSettings;
import dev.switchboard.router.cache.semantic.HitVerifier;
import dev.switchboard.router.cache.semantic.LearnedVerifier;
import java.util.Optional;

/**
 * What a semantic candidate's score means, for the controllers that move cuts on it: with the learned verifier the
 * score is its probability, a tenant starts at the verifier's shipped cut and believes its measured error per bin
 * until outcomes say otherwise; with the hit guard the score is the cosine, the prior error 1 − cosine.
 *
 * <p>The index returns no candidate below the verifier's own cut (or the tenant's cosine threshold), so a cut
 * published below that floor serves nothing more: the bound raises a tenant's cut, it cannot lower it past the floor.
 */
public record ScoreScale(double initialCut, double[] priorErrors) {
    /** The cosine scale (hit guard), starting from the old default threshold. */
    public static final ScoreScale COSINE = new ScoreScale(0.82, null);

    public static ScoreScale of(HitVerifier verifier) {
        return verifier instanceof LearnedVerifier learned
                ? new ScoreScale(learned.cut(), learned.priorErrors(BoundSettings.DEFAULT_BINS))
                : COSINE;
    }

    /** The scale of the verifier a router embedding with {@code embedder} uses. */
    public static ScoreScale forEmbedder(Optional<Embedder> embedder) {
        return embedder.map(e -> of(LearnedVerifier.orGuardFor(e))).orElse(COSINE);
    }
}
