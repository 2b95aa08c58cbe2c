package dev.switchboard.embeddings.verify;

import dev.switchboard.embeddings.eval.TextPair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hard negatives made from paraphrases, for training: the second text of a same-meaning pair with one deciding fact
 * changed (a number moved, a named thing or a content word swapped for another of the corpus, a word for its
 * opposite, or a negation added), at most two per pair, labelled different. STS-B has few such pairs, so without them the model never learns that one changed fact makes another
 * question. Deterministic for a seed.
 */
final class NearMisses {
    private static final Pattern NUMBER = Pattern.compile("\\b\\d+\\b");
    private static final Pattern NAME = Pattern.compile("(?<=[\\p{L},] )\\p{Lu}\\p{Ll}{2,}\\b");
    private static final Pattern CONTENT = Pattern.compile("\\b\\p{Ll}{4,}\\b");
    private static final int PER_PAIR = 2;
    private static final Map<String, String> OPPOSITES = opposites("more", "less", "most", "least", "before", "after", "higher", "lower",
            "increase", "decrease", "best", "worst", "first", "last", "above", "below", "true", "false", "advantages", "disadvantages",
            "buy", "sell", "add", "remove", "encrypt", "decrypt", "largest", "smallest", "fastest", "slowest", "open", "close",
            "start", "stop", "win", "lose", "import", "export", "upload", "download", "enable", "disable", "install", "uninstall",
            "rise", "fall", "gain", "loss", "positive", "negative", "male", "female", "men", "women", "man", "woman", "boy", "girl",
            "up", "down", "left", "right", "inside", "outside", "black", "white", "small", "large", "young", "old", "cheap", "expensive");
    private static final Pattern AUXILIARY = Pattern.compile("\\b(is|are|was|were|can|will|should|does|do|did|has|have)\\b");

    private NearMisses() {
    }

    static List<TextPair> from(List<TextPair> pairs, long seed) {
        List<String> names = new ArrayList<>(words(pairs, NAME));
        List<String> contentWords = new ArrayList<>(words(pairs, CONTENT).stream()
                .filter(w -> !Lexicon.STOP_WORDS.contains(w) && !Lexicon.POLAR.contains(w)).toList());
        Random random = new Random(seed);
        List<TextPair> made = new ArrayList<>();
        for (TextPair p : pairs) {
            if (!p.same()) {
                continue;
            }
            List<String> changes = new ArrayList<>();
            changeNumber(p.text2(), random).ifPresent(changes::add);
            swapName(p.text2(), random, names).ifPresent(changes::add);
            negate(p.text2()).ifPresent(changes::add);
            swapOpposite(p.text2()).ifPresent(changes::add);
            swapContentWord(p.text2(), random, contentWords).ifPresent(changes::add);
            Collections.shuffle(changes, random);
            changes.stream().limit(PER_PAIR).forEach(changed -> made.add(new TextPair(p.text1(), changed, false)));
        }
        return made;
    }

    private static Set<String> words(List<TextPair> pairs, Pattern pattern) {
        Set<String> found = new TreeSet<>();
        for (TextPair p : pairs) {
            for (String text : List.of(p.text1(), p.text2())) {
                Matcher m = pattern.matcher(text);
                while (m.find()) {
                    found.add(m.group());
                }
            }
        }
        return found;
    }

    static Optional<String> changeNumber(String text, Random random) {
        Matcher number = NUMBER.matcher(text);
        if (!number.find() || number.group().length() > 9) {
            return Optional.empty();
        }
        long other = Long.parseLong(number.group()) + 1 + random.nextInt(9);
        return Optional.of(replace(text, number, Long.toString(other)));
    }

    static Optional<String> swapName(String text, Random random, List<String> names) {
        Matcher name = NAME.matcher(text);
        if (!name.find() || names.size() < 2) {
            return Optional.empty();
        }
        String other = names.get(random.nextInt(names.size()));
        return other.equals(name.group()) ? Optional.empty() : Optional.of(replace(text, name, other));
    }

    static Optional<String> negate(String text) {
        Matcher auxiliary = AUXILIARY.matcher(text);
        if (!auxiliary.find() || QuestionProfile.of(text).negated()) {
            return Optional.empty();
        }
        return Optional.of(text.substring(0, auxiliary.end()) + " not" + text.substring(auxiliary.end()));
    }

    static Optional<String> swapOpposite(String text) {
        Matcher word = CONTENT.matcher(text);
        while (word.find()) {
            String opposite = OPPOSITES.get(word.group().toLowerCase(Locale.ROOT));
            if (opposite != null) {
                return Optional.of(replace(text, word, opposite));
            }
        }
        return Optional.empty();
    }

    static Optional<String> swapContentWord(String text, Random random, List<String> pool) {
        List<int[]> spans = new ArrayList<>();
        Matcher word = CONTENT.matcher(text);
        while (word.find()) {
            String w = word.group();
            if (word.start() > 0 && Character.isLowerCase(w.charAt(0)) && !Lexicon.STOP_WORDS.contains(w) && !Lexicon.POLAR.contains(w)) {
                spans.add(new int[] {word.start(), word.end()});
            }
        }
        if (spans.isEmpty() || pool.isEmpty()) {
            return Optional.empty();
        }
        int[] span = spans.get(random.nextInt(spans.size()));
        String other = pool.get(random.nextInt(pool.size()));
        return other.equals(text.substring(span[0], span[1])) ? Optional.empty()
                : Optional.of(text.substring(0, span[0]) + other + text.substring(span[1]));
    }

    private static String replace(String text, Matcher m, String with) {
        return text.substring(0, m.start()) + with + text.substring(m.end());
    }

    private static Map<String, String> opposites(String... pairs) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
            map.put(pairs[i + 1], pairs[i]);
        }
        return Map.copyOf(map);
    }
}
