package dev.switchboard.routing;

import java.util.List;
import java.util.regex.Pattern;

/** Cheap features of a prompt's text, added to its embedding. Pure functions; order fixed by {@link #NAMES}. */
final class TextFeatures {
    static final List<String> NAMES = List.of(
            "log_chars", "digit_share", "symbol_share", "log_lines", "has_code", "math_operators", "has_latex_or_formula");

    private static final Pattern CODE = Pattern.compile(
            "(\\b(def|return|class|import|int|void|printf|for|while|if)\\s*[(:{]?)|[{};]\\s*$|==|!=|\\+\\+|->|\\w+\\([^)]*\\)\\s*[;{]",
            Pattern.MULTILINE);
    private static final Pattern FORMULA = Pattern.compile("\\$|\\\\[a-z]+|\\^|\\bsqrt\\b|\\blog\\b|\\bsin\\b|\\bcos\\b|\\d\\s*[x×*/]\\s*\\d");

    private TextFeatures() {
    }

    static double[] of(String prompt) {
        int n = prompt.length();
        int digits = 0;
        int symbols = 0;
        int lines = 1;
        int operators = 0;
        for (int i = 0; i < n; i++) {
            char c = prompt.charAt(i);
            if (Character.isDigit(c)) {
                digits++;
            } else if (!Character.isLetter(c) && !Character.isWhitespace(c)) {
                symbols++;
            }
            if (c == '\n') {
                lines++;
            }
            if (c == '+' || c == '=' || c == '*' || c == '/' || c == '^' || c == '<' || c == '>' || c == '%' || c == '×' || c == '÷') {
                operators++;
            }
        }
        double len = Math.max(n, 1);
        return new double[] {
            Math.log1p(n),
            digits / len,
            symbols / len,
            Math.log(lines),
            CODE.matcher(prompt).find() ? 1 : 0,
            Math.log1p(operators),
            FORMULA.matcher(prompt).find() ? 1 : 0,
        };
    }
}
