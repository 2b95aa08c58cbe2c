package dev.switchboard.embeddings.verify;

import java.util.Set;

/** The small word lists a {@link QuestionProfile} reads: function words, negations and words with an opposite. */
final class Lexicon {
    static final Set<String> STOP_WORDS = Set.of("a", "an", "the", "of", "to", "in", "on", "at", "for", "by", "with", "from",
            "and", "or", "but", "if", "then", "so", "as", "is", "are", "was", "were", "be", "been", "being", "am", "do", "does",
            "did", "have", "has", "had", "i", "you", "he", "she", "it", "we", "they", "me", "him", "her", "us", "them", "my",
            "your", "his", "its", "our", "their", "this", "that", "these", "those", "there", "here", "what", "which", "who",
            "whom", "whose", "how", "why", "when", "where", "can", "could", "should", "would", "will", "shall", "may", "might",
            "must", "about", "into", "over", "under", "up", "down", "out", "off", "just", "also", "very", "some", "any", "all",
            "each", "than", "too", "s", "one", "get", "got", "say", "said", "says", "per", "via", "while", "whether", "much",
            "many", "other", "such", "own", "same", "yes");
    static final Set<String> NEGATIONS = Set.of("not", "no", "never", "none", "nor", "without", "cannot", "nothing",
            "nobody", "neither", "isn't", "aren't", "wasn't", "weren't", "don't", "doesn't", "didn't", "won't", "can't",
            "shouldn't", "wouldn't", "couldn't", "hasn't", "haven't", "hadn't");
    static final Set<String> POLAR = Set.of("more", "less", "most", "least", "before", "after", "higher", "lower",
            "increase", "decrease", "max", "min", "maximum", "minimum", "best", "worst", "first", "last", "above", "below",
            "true", "false", "pros", "cons", "advantages", "disadvantages", "buy", "sell", "add", "remove", "encrypt", "decrypt",
            "largest", "smallest", "fastest", "slowest", "cheapest", "oldest", "newest", "up", "down", "open", "close",
            "start", "stop", "win", "lose", "import", "export", "upload", "download", "enable", "disable", "install", "uninstall",
            "rise", "fall", "gain", "loss", "positive", "negative", "male", "female", "men", "women", "man", "woman");

    private Lexicon() {
    }

    /** Plural and possessive endings folded, so "libraries" meets "library" and "cats" meets "cat". */
    static String stem(String lower) {
        String w = lower.endsWith("'s") ? lower.substring(0, lower.length() - 2) : lower;
        if (w.length() > 4 && w.endsWith("ies")) {
            return w.substring(0, w.length() - 3) + "y";
        }
        if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
            return w.substring(0, w.length() - 1);
        }
        return w;
    }
}
