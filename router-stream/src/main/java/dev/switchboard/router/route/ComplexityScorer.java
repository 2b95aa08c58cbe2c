package dev.switchboard.router.route;

/** How much a prompt needs the strong model (higher: more), and the score above which a given share of prompts lies. */
public interface ComplexityScorer {
    double strongNeed(String prompt);

    /**
     * The same, given the prompt's embedding if the semantic cache already computed one (null otherwise). A scorer
     * built on the same embedding model uses it instead of embedding the prompt a second time.
     */
    default double strongNeed(String prompt, float[] embedding) {
        return strongNeed(prompt);
    }

    /** The score threshold that sends about {@code share} of typical prompts to the strong model. */
    double thresholdForStrongShare(double share);
}
