package dev.switchboard.router.cache.semantic;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The second check behind a semantic match. Embeddings score "capital of France" and "capital of Germany", or
 * "is X safe" and "is X not safe", above most thresholds; an answer to one is wrong for the other. Two questions
 * may not share an answer when one is negated and the other not, or when one swaps a deciding word of the other
 * for a different one of the same kind: a number, a named thing (a capitalised word not starting a sentence), or
 * a word of a small set of opposites (largest/smallest, before/after, buy/sell). A word only one side has (a more
 * specific question) is left to the similarity threshold.
 */
public final class HitGuard {
    private static final String NEGATED = "!not";
    private static final char[] KINDS = {'#', '@', '~'};
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)?");
    private static final Pattern WORD = Pattern.compile("[\\p{L}][\\p{L}'’-]*");
    private static final Set<String> NEGATIONS = Set.of("not", "no", "never", "none", "nor", "without", "cannot",
            "isn't", "aren't", "wasn't", "weren't", "don't", "doesn't", "didn't", "won't", "can't", "shouldn't", "wouldn't");
    private static final Set<String> POLAR = Set.of("more", "less", "most", "least", "before", "after", "higher", "lower",
            "increase", "decrease", "max", "min", "maximum", "minimum", "best", "worst", "first", "last", "above", "below",
            "true", "false", "pros", "cons", "advantages", "disadvantages", "buy", "sell", "add", "remove", "encrypt", "decrypt",
            "largest", "smallest", "fastest", "slowest", "cheapest", "oldest", "newest");

    private HitGuard() {
    }

    /** True when nothing that decides the answer differs between the two questions. */
    public static boolean agree(String question, String cachedQuestion) {
        Set<String> a = decisive(question);
        Set<String> b = decisive(cachedQuestion);
        if (a.contains(NEGATED) != b.contains(NEGATED)) {
            return false;
        }
        for (char kind : KINDS) {
            if (hasOwn(a, b, kind) && hasOwn(b, a, kind)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code side} has a deciding word of this kind that {@code other} lacks. */
    private static boolean hasOwn(Set<String> side, Set<String> other, char kind) {
        return side.stream().anyMatch(word -> word.charAt(0) == kind && !other.contains(word));
    }

    static Set<String> decisive(String text) {
        Set<String> found = new TreeSet<>();
        Matcher numbers = NUMBER.matcher(text);
        while (numbers.find()) {
            found.add("#" + numbers.group().replace(',', '.'));
        }
        Matcher words = WORD.matcher(text);
        boolean first = true;
        Set<String> seen = new HashSet<>();
        while (words.find()) {
            String word = words.group();
            String lower = word.toLowerCase(Locale.ROOT).replace('’', '\'').replaceAll("'s$", "");
            if (NEGATIONS.contains(lower) || lower.endsWith("n't")) {
                found.add(NEGATED);
            } else if (POLAR.contains(lower)) {
                found.add("~" + lower);
            } else if (!first && !lower.equals("i") && Character.isUpperCase(word.charAt(0)) && seen.add(lower)) {
                found.add("@" + lower);
            }
            first = sentenceEnds(text, words.end());
        }
        return found;
    }

    /** Capitalisation after a full stop or question mark is grammar, not a name. */
    private static boolean sentenceEnds(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.' || c == '?' || c == '!') {
                return true;
            }
            if (Character.isLetterOrDigit(c)) {
                return false;
            }
        }
        return false;
    }
}
