package dev.switchboard.router.route;

import java.util.Locale;
import java.util.regex.Pattern;

/** What kind of question a prompt is, from cheap surface signs: the key of a model's quality table. */
public enum TaskType {
    CODE, MATH, GENERAL;

    private static final Pattern CODE_SIGNS = Pattern.compile(
            "```|\\b(def|class|public|static|void|return|import|function|const|let|var|select\\s.+\\sfrom)\\b|[{};]\\s*$|\\b(java|python|javascript|typescript|sql|rust|golang|c\\+\\+|bash|regex|stack trace|exception|compile)\\b",
            Pattern.MULTILINE);
    private static final Pattern MATH_SIGNS = Pattern.compile(
            "\\d\\s*[-+*/^=]\\s*\\d|\\b(calculate|compute|solve|equation|integral|derivative|probability|percent|sum of|how many)\\b");

    public static TaskType of(String prompt) {
        String text = prompt.toLowerCase(Locale.ROOT);
        if (CODE_SIGNS.matcher(text).find()) {
            return CODE;
        }
        if (MATH_SIGNS.matcher(text).find()) {
            return MATH;
        }
        return GENERAL;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
