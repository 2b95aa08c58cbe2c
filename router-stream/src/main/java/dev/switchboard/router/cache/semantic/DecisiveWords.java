package dev.switchboard.router.cache.semantic;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The words of a question that decide its answer, as the {@link HitGuard} compares them: numbers ({@code #10}),
 * named things ({@code @france}: a capitalised word not starting a sentence), words of a small set of opposites
 * ({@code ~largest}) and whether it is negated ({@code !not}). Extracted once per text (when a question is stored,
 * and once per request), kept sorted, and stored next to the question's vector as a small blob.
 */
public final class DecisiveWords {
    static final String NEGATED = "!not";
    static final char NUMBER_KIND = '#';
    static final char NAME_KIND = '@';
    static final char POLAR_KIND = '~';
    private static final char SEPARATOR = '\n';
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)?");
    private static final Pattern WORD = Pattern.compile("[\\p{L}][\\p{L}'’-]*");
    private static final Set<String> NEGATIONS = Set.of("not", "no", "never", "none", "nor", "without", "cannot",
            "isn't", "aren't", "wasn't", "weren't", "don't", "doesn't", "didn't", "won't", "can't", "shouldn't", "wouldn't");
    private static final Set<String> POLAR = Set.of("more", "less", "most", "least", "before", "after", "higher", "lower",
            "increase", "decrease", "max", "min", "maximum", "minimum", "best", "worst", "first", "last", "above", "below",
            "true", "false", "pros", "cons", "advantages", "disadvantages", "buy", "sell", "add", "remove", "encrypt", "decrypt",
            "largest", "smallest", "fastest", "slowest", "cheapest", "oldest", "newest");
    private static final DecisiveWords NONE = new DecisiveWords(new String[0]);

    private final String[] words;

    private DecisiveWords(String[] sortedWords) {
        this.words = sortedWords;
    }

    public static DecisiveWords of(String text) {
        Set<String> found = new TreeSet<>();
        Matcher numbers = NUMBER.matcher(text);
        while (numbers.find()) {
            found.add(NUMBER_KIND + numbers.group().replace(',', '.'));
        }
        Matcher matcher = WORD.matcher(text);
        boolean first = true;
        Set<String> seen = new HashSet<>();
        while (matcher.find()) {
            String word = matcher.group();
            String lower = word.toLowerCase(Locale.ROOT).replace('’', '\'');
            if (lower.endsWith("'s")) {
                lower = lower.substring(0, lower.length() - 2);
            }
            if (NEGATIONS.contains(lower) || lower.endsWith("n't")) {
                found.add(NEGATED);
            } else if (POLAR.contains(lower)) {
                found.add(POLAR_KIND + lower);
            } else if (!first && !lower.equals("i") && Character.isUpperCase(word.charAt(0)) && seen.add(lower)) {
                found.add(NAME_KIND + lower);
            }
            first = sentenceEnds(text, matcher.end());
        }
        return found.isEmpty() ? NONE : new DecisiveWords(found.toArray(String[]::new));
    }

    /** Reads what {@link #encode()} wrote. */
    public static DecisiveWords decode(byte[] bytes, int offset, int length) {
        if (length == 0) {
            return NONE;
        }
        // Written sorted and without the separator inside a word, so a split gives the sorted words back.
        return new DecisiveWords(new String(bytes, offset, length, StandardCharsets.UTF_8).split(String.valueOf(SEPARATOR)));
    }

    public byte[] encode() {
        return String.join(String.valueOf(SEPARATOR), words).getBytes(StandardCharsets.UTF_8);
    }

    public boolean isEmpty() {
        return words.length == 0;
    }

    boolean negated() {
        return Arrays.binarySearch(words, NEGATED) >= 0;
    }

    /** Whether this side has a deciding word of {@code kind} that {@code other} lacks. */
    boolean hasOwn(DecisiveWords other, char kind) {
        for (String word : words) {
            if (word.charAt(0) == kind && Arrays.binarySearch(other.words, word) < 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * A 16-bit digest of the whole set: questions with the same deciding words share it. The index keeps one bucket
     * per digest, so a paraphrase that agrees word for word is found however many near neighbours a template has.
     */
    int digest() {
        return Arrays.hashCode(words) & 0xffff;
    }

    Set<String> asSet() {
        return Set.of(words);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DecisiveWords other && Arrays.equals(words, other.words);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(words);
    }

    @Override
    public String toString() {
        return Arrays.toString(words);
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
