package dev.switchboard.embeddings.verify;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lexical facts of one text that decide whether another text asks the same: its numbers, whether it is negated,
 * its named things (capitalised words not starting a sentence), its content words in order, and its words with an
 * opposite. Computed once per text (a cached entry keeps its profile as {@link #toBytes()} beside its vector), so a
 * verification compares two profiles without reading either text again. Words are kept as 32-bit hashes.
 */
public final class QuestionProfile {
    private static final byte FORMAT = 1;
    private static final int MAX_ITEMS = 255;
    private static final Pattern TOKEN = Pattern.compile("\\d+(?:[.,]\\d+)*|[\\p{L}][\\p{L}'’-]*");
    private static final Map<String, String> NUMBER_WORDS = Map.ofEntries(Map.entry("zero", "0"), Map.entry("two", "2"),
            Map.entry("three", "3"), Map.entry("four", "4"), Map.entry("five", "5"), Map.entry("six", "6"), Map.entry("seven", "7"),
            Map.entry("eight", "8"), Map.entry("nine", "9"), Map.entry("ten", "10"), Map.entry("eleven", "11"),
            Map.entry("twelve", "12"), Map.entry("twenty", "20"), Map.entry("hundred", "100"), Map.entry("thousand", "1000"),
            Map.entry("million", "1000000"), Map.entry("billion", "1000000000"));

    private final boolean negated;
    private final int words;
    private final int[] numbers;
    private final int[] named;
    private final int[] content;
    private final int[] polar;

    private QuestionProfile(boolean negated, int words, int[] numbers, int[] named, int[] content, int[] polar) {
        this.negated = negated;
        this.words = words;
        this.numbers = numbers;
        this.named = named;
        this.content = content;
        this.polar = polar;
    }

    public static QuestionProfile of(String text) {
        Set<Integer> numbers = new LinkedHashSet<>();
        Set<Integer> named = new LinkedHashSet<>();
        List<Integer> content = new ArrayList<>();
        Set<Integer> polar = new LinkedHashSet<>();
        boolean negated = false;
        int words = 0;
        boolean sentenceStart = true;
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            String token = m.group();
            words++;
            boolean startsSentence = sentenceStart;
            sentenceStart = sentenceEnds(text, m.end());
            if (Character.isDigit(token.charAt(0))) {
                numbers.add(token.replace(",", "").hashCode());
                continue;
            }
            String lower = token.toLowerCase(Locale.ROOT).replace('’', '\'');
            if (NUMBER_WORDS.containsKey(lower)) {
                numbers.add(NUMBER_WORDS.get(lower).hashCode());
                continue;
            }
            if (Lexicon.NEGATIONS.contains(lower) || lower.endsWith("n't")) {
                negated = true;
                continue;
            }
            String stem = Lexicon.stem(lower);
            if (Lexicon.POLAR.contains(stem)) {
                polar.add(stem.hashCode());
            }
            if (!startsSentence && !lower.equals("i") && isCapitalised(token)) {
                named.add(stem.hashCode());
            }
            if (!Lexicon.STOP_WORDS.contains(stem) && stem.length() > 1) {
                content.add(stem.hashCode());
            }
        }
        return new QuestionProfile(negated, words, ints(numbers), ints(named), content.stream().limit(MAX_ITEMS).mapToInt(i -> i).toArray(),
                ints(polar));
    }

    private static boolean isCapitalised(String token) {
        return Character.isUpperCase(token.charAt(0)) || (token.length() > 1 && token.chars().skip(1).anyMatch(Character::isUpperCase));
    }

    /** Capitalisation after a full stop, question or exclamation mark is grammar, not a name. */
    private static boolean sentenceEnds(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.' || c == '?' || c == '!' || c == ':' || c == '\n') {
                return true;
            }
            if (Character.isLetterOrDigit(c)) {
                return false;
            }
        }
        return false;
    }

    private static int[] ints(Set<Integer> values) {
        return values.stream().limit(MAX_ITEMS).mapToInt(i -> i).toArray();
    }

    public boolean negated() {
        return negated;
    }

    /** Every word and number token, function words included. */
    public int words() {
        return words;
    }

    int[] numbers() {
        return numbers;
    }

    int[] named() {
        return named;
    }

    /** Content-word hashes in the order they appear (repeats kept). */
    int[] content() {
        return content;
    }

    int[] polar() {
        return polar;
    }

    /** A compact form to keep beside a cached vector: a format byte, flags, the word count, then four hash lists. */
    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(1 + 1 + 2 + 4 + 4 * (numbers.length + named.length + content.length + polar.length));
        b.put(FORMAT).put((byte) (negated ? 1 : 0)).putShort((short) Math.min(words, Short.MAX_VALUE));
        for (int[] list : new int[][] {numbers, named, content, polar}) {
            b.put((byte) list.length);
        }
        for (int[] list : new int[][] {numbers, named, content, polar}) {
            for (int v : list) {
                b.putInt(v);
            }
        }
        return b.array();
    }

    public static QuestionProfile fromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        byte format = b.get();
        if (format != FORMAT) {
            throw new IllegalArgumentException("unknown question profile format " + format);
        }
        boolean negated = b.get() == 1;
        int words = b.getShort();
        int[][] lists = new int[4][];
        for (int i = 0; i < 4; i++) {
            lists[i] = new int[Byte.toUnsignedInt(b.get())];
        }
        for (int[] list : lists) {
            for (int i = 0; i < list.length; i++) {
                list[i] = b.getInt();
            }
        }
        return new QuestionProfile(negated, words, lists[0], lists[1], lists[2], lists[3]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QuestionProfile p && Arrays.equals(toBytes(), p.toBytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toBytes());
    }
}
