package dev.switchboard.router.route;

/** How much a prompt needs the strong model (higher: more), and the score above which a given share of prompts lies. */
public interface ComplexityScorer {
    double strongNeed(String prompt);

    /** The score threshold that sends about {@code share} of typical prompts to the strong model. */
    double thresholdForStrongShare(double share);
}
