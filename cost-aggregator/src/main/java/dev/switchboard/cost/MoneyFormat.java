package dev.switchboard.cost;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/**
 * USD for people, as the dashboard prints it (its script implements the same rule on the API's decimal strings;
 * the browser test compares the two): a dollar or more with cents and thousands separators ({@code $1,234.57});
 * less than a dollar with two significant digits and at least two decimals ({@code $0.0071}, {@code $0.50});
 * zero as {@code $0.00}; rounding half up. The exact value stays in the API and in the page's tooltips.
 */
public final class MoneyFormat {
    private static final MathContext TWO_DIGITS = new MathContext(2, RoundingMode.HALF_UP);

    private MoneyFormat() {
    }

    public static String usd(BigDecimal amount) {
        String sign = amount.signum() < 0 ? "-" : "";
        BigDecimal value = amount.abs();
        if (value.signum() == 0) {
            return "$0.00";
        }
        BigDecimal shown = value.compareTo(BigDecimal.ONE) >= 0 ? value : value.round(TWO_DIGITS);
        if (shown.compareTo(BigDecimal.ONE) >= 0) {
            return sign + "$" + grouped(shown.setScale(2, RoundingMode.HALF_UP));
        }
        int decimals = Math.max(2, shown.stripTrailingZeros().scale());
        return sign + "$" + shown.setScale(decimals, RoundingMode.HALF_UP).toPlainString();
    }

    /** The same for a decimal string as the API writes it ({@code "0.007071600000"}). */
    public static String usd(String amount) {
        return usd(new BigDecimal(amount));
    }

    private static String grouped(BigDecimal cents) {
        DecimalFormat format = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
        format.setRoundingMode(RoundingMode.HALF_UP);
        return format.format(cents);
    }
}
