package dev.switchboard.router.budget;

import dev.switchboard.schemas.BudgetPeriod;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Budget periods are UTC calendar days and months, the same in the router and the cost aggregator. */
public final class BudgetPeriods {
    private BudgetPeriods() {
    }

    public static Instant start(BudgetPeriod period, Instant at) {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        LocalDate first = period == BudgetPeriod.DAY ? day : day.withDayOfMonth(1);
        return first.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public static Instant end(BudgetPeriod period, Instant at) {
        Instant start = start(period, at);
        LocalDate first = LocalDate.ofInstant(start, ZoneOffset.UTC);
        return (period == BudgetPeriod.DAY ? first.plusDays(1) : first.plusMonths(1)).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
