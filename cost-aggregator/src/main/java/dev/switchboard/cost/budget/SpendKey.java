package dev.switchboard.cost.budget;

import dev.switchboard.schemas.Budget;
import dev.switchboard.schemas.BudgetPeriod;
import dev.switchboard.schemas.BudgetScope;
import dev.switchboard.schemas.SpendUpdate;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Key of one scope's spend in one period: {@code tenant US period US yyyy-MM-dd US scope US scopeId}, US being the
 * ASCII unit separator (0x1F). Readable in the changelog, and everything of a tenant's period shares the
 * {@link #prefix}, so the query side reads a period with one prefix scan.
 */
public record SpendKey(String tenant, BudgetPeriod period, Instant periodStart, BudgetScope scope, String scopeId) {
    static final char SEPARATOR = '\u001f';

    public static SpendKey of(SpendUpdate spend) {
        return new SpendKey(spend.getTenant(), spend.getPeriod(), spend.getPeriodStart(), spend.getScope(), spend.getScopeId());
    }

    public String encode() {
        return prefix(tenant, period, periodStart) + scope.name() + SEPARATOR + scopeId;
    }

    /** What every key of this tenant's period starts with. */
    public static String prefix(String tenant, BudgetPeriod period, Instant periodStart) {
        return tenant + SEPARATOR + period.name() + SEPARATOR + date(periodStart) + SEPARATOR;
    }

    /**
     * Key of the alert mark of one budget's limit for this spend: which budget (a named scope id or "each"), which
     * limit and its value. A changed limit is a new budget to alert on: its thresholds are crossed afresh.
     */
    String markKey(Budget budget, LimitKind kind, BigDecimal limit) {
        return encode() + SEPARATOR + (budget.getScopeId() == null ? "each" : "named") + SEPARATOR + kind.label()
                + SEPARATOR + limit.toPlainString();
    }

    /** The period start of a spend key or of a mark key (both begin with the period). */
    static Instant periodStartOf(String key) {
        String[] parts = key.split(String.valueOf(SEPARATOR), 4);
        if (parts.length < 4) {
            throw new IllegalArgumentException("not a spend key: " + key.replace(SEPARATOR, '|'));
        }
        return LocalDate.parse(parts[2]).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static String date(Instant periodStart) {
        return periodStart.atZone(ZoneOffset.UTC).toLocalDate().toString();
    }
}
