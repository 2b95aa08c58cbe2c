package dev.switchboard.cost.budget;

import dev.switchboard.schemas.BudgetPeriod;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Budget periods are UTC calendar days and months. */
public final class BudgetPeriods {
    private BudgetPeriods() {
    }

    /** Start of the UTC day or month that contains {@code at}. */
    public static Instant start(BudgetPeriod period, Instant at) {
        LocalDate day = at.atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate first = switch (period) {
            case DAY -> day;
            case MONTH -> day.withDayOfMonth(1);
        };
        return first.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
