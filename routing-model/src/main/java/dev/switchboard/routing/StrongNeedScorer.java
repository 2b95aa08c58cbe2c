package dev.switchboard.routing;

import java.util.ArrayList;
import java.util.List;

/** Scores a prompt by how much it needs the strong model: higher means more. Only the order of scores matters. */
public interface StrongNeedScorer {
    double score(String prompt);

    /** One score per prompt, in order. Implementations batch where that is cheaper (e.g. embedding). */
    default double[] scoreAll(List<String> prompts) {
        double[] scores = new double[prompts.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = score(prompts.get(i));
        }
        return scores;
    }

    /** Convenience for lists of examples. */
    static List<String> prompts(List<Example> examples) {
        List<String> prompts = new ArrayList<>(examples.size());
        examples.forEach(e -> prompts.add(e.prompt()));
        return prompts;
    }
}
