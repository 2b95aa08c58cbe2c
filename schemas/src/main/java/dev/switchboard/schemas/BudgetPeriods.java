package dev.switchboard.schemas;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Budget periods are UTC calendar days and months; the router and the cost aggregator both count by these. */
public final class BudgetPeriods {
    private BudgetPeriods() {
    }

    /** Start of the UTC day or month that contains {@code at}. */
    public static Instant start(BudgetPeriod period, Instant at) {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        LocalDate first = period == BudgetPeriod.DAY ? day : day.withDayOfMonth(1);
        return first.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** Start of the next period: where the one containing {@code at} ends. */
    public static Instant end(BudgetPeriod period, Instant at) {
        LocalDate first = LocalDate.ofInstant(start(period, at), ZoneOffset.UTC);
        return (period == BudgetPeriod.DAY ? first.plusDays(1) : first.plusMonths(1)).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
