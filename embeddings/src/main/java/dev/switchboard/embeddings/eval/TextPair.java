package dev.switchboard.embeddings.eval;

/** Two texts and whether they mean the same. */
public record TextPair(String text1, String text2, boolean same) {
}
