package dev.switchboard.embeddings.online;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.embeddings.Embedder;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a fresh answer agrees with a cached one, the outcome a verification reports. Structured output (JSON) must
 * be equal as JSON (key order and spacing aside); short answers (a number, a name, a few words) must be equal once
 * case and spacing are folded, since "42" and "43" embed alike; longer prose agrees when the answers' embeddings are
 * at least {@code proseThreshold} similar.
 */
public final class AnswerComparator {
    static final int SHORT_ANSWER_WORDS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Embedder embedder;
    private final double proseThreshold;

    public AnswerComparator(Embedder embedder, double proseThreshold) {
        if (!(proseThreshold > -1 && proseThreshold <= 1)) {
            throw new IllegalArgumentException("prose threshold must be in (-1, 1], got " + proseThreshold);
        }
        this.embedder = embedder;
        this.proseThreshold = proseThreshold;
    }

    public boolean same(String fresh, String cached) {
        Optional<JsonNode> a = json(fresh);
        Optional<JsonNode> b = json(cached);
        if (a.isPresent() || b.isPresent()) {
            return a.isPresent() && b.isPresent() && a.get().equals(b.get());
        }
        String x = fold(fresh);
        String y = fold(cached);
        if (x.equals(y)) {
            return true;
        }
        if (words(x) <= SHORT_ANSWER_WORDS || words(y) <= SHORT_ANSWER_WORDS) {
            return false;
        }
        return Embedder.cosine(embedder.embed(fresh), embedder.embed(cached)) >= proseThreshold;
    }

    private static Optional<JsonNode> json(String text) {
        String t = text.strip();
        if (!(t.startsWith("{") || t.startsWith("["))) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(t));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static String fold(String text) {
        return text.strip().replaceAll("\\s+", " ").replaceAll("[.!]+$", "").toLowerCase(Locale.ROOT);
    }

    private static int words(String folded) {
        return folded.isEmpty() ? 0 : folded.split(" ").length;
    }
}
