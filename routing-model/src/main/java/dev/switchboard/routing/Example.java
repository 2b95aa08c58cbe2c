package dev.switchboard.routing;

import java.util.Objects;

/**
 * One labelled prompt: which subject it came from, and whether the weak and the strong model answered it correctly.
 */
public record Example(String subject, String prompt, boolean weakCorrect, boolean strongCorrect) {
    public Example {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(prompt, "prompt");
    }

    /** The training label: 1 when the weak model got it wrong (so the strong model was needed), else 0. */
    public int weakWrong() {
        return weakCorrect ? 0 : 1;
    }
}
