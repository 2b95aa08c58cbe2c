package dev.switchboard.router.cache.semantic;

/**
 * The second check behind a semantic match. Embeddings score "capital of France" and "capital of Germany", or
 * "is X safe" and "is X not safe", above most thresholds; an answer to one is wrong for the other. Two questions
 * may not share an answer when one is negated and the other not, or when one swaps a deciding word of the other
 * for a different one of the same kind: a number, a named thing (a capitalised word not starting a sentence), or
 * a word of a small set of opposites (largest/smallest, before/after, buy/sell). A word only one side has (a more
 * specific question) is left to the similarity threshold. The words are extracted once per text
 * ({@link DecisiveWords}); comparing them is a few set look-ups.
 */
public final class HitGuard {
    private static final char[] KINDS = {DecisiveWords.NUMBER_KIND, DecisiveWords.NAME_KIND, DecisiveWords.POLAR_KIND};

    private HitGuard() {
    }

    /** True when nothing that decides the answer differs between the two questions. */
    public static boolean agree(String question, String cachedQuestion) {
        return agree(DecisiveWords.of(question), DecisiveWords.of(cachedQuestion));
    }

    public static boolean agree(DecisiveWords a, DecisiveWords b) {
        if (a.negated() != b.negated()) {
            return false;
        }
        for (char kind : KINDS) {
            if (a.hasOwn(b, kind) && b.hasOwn(a, kind)) {
                return false;
            }
        }
        return true;
    }
}
