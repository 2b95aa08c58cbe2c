package dev.switchboard.routing;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What kind of task a prompt is and how hard it looks, from its text: an exception question ("EXCEPT", "NOT"),
 * paired statements to judge, scenarios, a computation, how long the question and its options are, and whether the
 * options are numbers. Pure functions; order fixed by {@link #NAMES}.
 */
final class TaskFeatures {
    static final List<String> NAMES = List.of("exception_question", "paired_statements", "scenarios", "asks_to_compute",
            "log_question_words", "log_option_chars", "numeric_options", "option_count", "negation_words", "quoted_passage");

    private static final Pattern OPTION = Pattern.compile("(?m)^[A-H][.)]\\s*(.*)$");
    private static final Pattern NUMERIC = Pattern.compile("^[-+$]?\\s*[\\d.,/√π^()\\s×*+-]+\\s*[%a-zA-Zμ°/²³]{0,6}\\.?$");
    private static final Pattern COMPUTE = Pattern.compile("\\b(calculate|compute|find|solve|evaluate|how many|how much|what is the value|determine)\\b");
    private static final Pattern NEGATION = Pattern.compile("\\b(not|no|never|false|incorrect|least)\\b");

    private TaskFeatures() {
    }

    static double[] of(String prompt) {
        String lower = prompt.toLowerCase(Locale.ROOT);
        Matcher options = OPTION.matcher(prompt);
        int count = 0;
        int optionChars = 0;
        int numeric = 0;
        int firstOption = prompt.length();
        while (options.find()) {
            if (count == 0) {
                firstOption = options.start();
            }
            count++;
            String text = options.group(1).strip();
            optionChars += text.length();
            if (!text.isEmpty() && NUMERIC.matcher(text).matches()) {
                numeric++;
            }
        }
        String question = prompt.substring(0, firstOption).toLowerCase(Locale.ROOT);
        int words = question.isBlank() ? 0 : question.strip().split("\\s+").length;
        return new double[] {
            prompt.contains("EXCEPT") || prompt.matches("(?s).*\\b(NOT|LEAST)\\b.*") ? 1 : 0,
            lower.contains("statement 1") ? 1 : 0,
            lower.contains("scenario 1") ? 1 : 0,
            COMPUTE.matcher(question).find() ? 1 : 0,
            Math.log1p(words),
            Math.log1p(count == 0 ? 0 : (double) optionChars / count),
            count == 0 ? 0 : (double) numeric / count,
            count,
            NEGATION.matcher(question).results().count(),
            question.contains("\"") || question.contains("passage") ? 1 : 0,
        };
    }
}
