package dev.switchboard.embeddings;

import java.util.Locale;

/** Whether two questions were taken as the same, with the similarity and threshold that decided it. */
public record MatchDecision(double similarity, double threshold, boolean same) {
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s (cosine %.4f %s threshold %.2f)", same ? "same" : "different", similarity,
                same ? ">=" : "<", threshold);
    }
}
