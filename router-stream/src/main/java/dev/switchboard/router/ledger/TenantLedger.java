package dev.switchboard.router.ledger;

import dev.switchboard.router.budget.lease.LeaseAsk;
import dev.switchboard.router.budget.lease.LeaseGrant;
import dev.switchboard.router.budget.lease.LeaseKind;
import dev.switchboard.router.budget.lease.LeaseReturn;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The one ledger of a tenant's budgets, rate limits and session caps, over {@code budget-ledger} and
 * {@code rate-ledger}: every lane's lease comes from here, so however many lanes and instances serve the tenant, what
 * they may spend together never passes a hard limit, a session's cap or a minute's rate limit. Only the task that owns
 * the tenant touches its entries, so asks and returns apply one at a time, in the order they were written.
 */
public final class TenantLedger {
    public static final String STORE = "budget-ledger";
    public static final String RATES_STORE = "rate-ledger";

    private final KeyValueStore<String, LedgerEntry> entries;
    private final KeyValueStore<String, RateEntry> rates;

    public TenantLedger(KeyValueStore<String, LedgerEntry> entries, KeyValueStore<String, RateEntry> rates) {
        this.entries = entries;
        this.rates = rates;
    }

    /** @param nowMs when the ask was written: a rate limit's minute ends there */
    public LeaseGrant lend(LeaseAsk ask, long nowMs) {
        List<LeaseGrant.Line> lines = new ArrayList<>();
        for (LeaseAsk.Line line : ask.lines()) {
            lines.add(line.kind() == LeaseKind.RATE ? lendRate(line, nowMs / 1000) : lendSpend(line));
        }
        return new LeaseGrant(ask.lane(), ask.askId(), ask.tenant(), lines);
    }

    /** Money and session tokens: spent for good, lent up to the hard limit (the cap) less what was spent and lent. */
    private LeaseGrant.Line lendSpend(LeaseAsk.Line line) {
        LedgerEntry entry = entry(line.ledgerKey(), line.periodEndMs()).keptUntil(line.periodEndMs());
        BigDecimal granted = LeaseSizing.grant(entry.available(line.hardLimit()), line.needed(), line.wanted());
        LedgerEntry after = entry.lend(granted);
        entries.put(line.ledgerKey(), after);
        return new LeaseGrant.Line(line.ledgerKey(), line.periodEndMs(), granted, after.spent(), after.lent(), after.available(line.hardLimit()));
    }

    /** Permits of a rate limit: lent up to the limit less what was used in the last minute and what lanes hold. */
    private LeaseGrant.Line lendRate(LeaseAsk.Line line, long nowSecond) {
        RateEntry entry = rate(line.ledgerKey()).at(nowSecond);
        long limit = line.hardLimit().longValueExact();
        BigDecimal granted = LeaseSizing.grant(BigDecimal.valueOf(entry.available(limit)), line.needed(), line.wanted())
                .setScale(0, RoundingMode.DOWN);
        RateEntry after = entry.lend(granted.longValueExact());
        rates.put(line.ledgerKey(), after);
        return new LeaseGrant.Line(line.ledgerKey(), line.periodEndMs(), granted, BigDecimal.valueOf(after.committed() - after.lent()),
                BigDecimal.valueOf(after.lent()), BigDecimal.valueOf(after.available(limit)));
    }

    public void takeBack(LeaseReturn given) {
        for (LeaseReturn.Line line : given.lines()) {
            if (line.kind() == LeaseKind.RATE) {
                rates.put(line.ledgerKey(), rate(line.ledgerKey()).givenBack(line.released().longValueExact(), line.spent().longValueExact(),
                        line.lastUsedMs() / 1000));
            } else {
                entries.put(line.ledgerKey(), entry(line.ledgerKey(), line.periodEndMs()).givenBack(line.released(), line.spent()));
            }
        }
    }

    private RateEntry rate(String ledgerKey) {
        RateEntry entry = rates.get(ledgerKey);
        return entry == null ? RateEntry.empty() : entry;
    }

    public void reported(String ledgerKey, BigDecimal spend, long periodEndMs) {
        entries.put(ledgerKey, entry(ledgerKey, periodEndMs).reported(spend));
    }

    public LedgerEntry entry(String ledgerKey, long periodEndMs) {
        LedgerEntry entry = entries.get(ledgerKey);
        return entry == null ? LedgerEntry.empty(periodEndMs) : entry;
    }

    /**
     * Forgets entries of periods that ended longer than {@code graceMs} ago (a session's period ends when it was last
     * asked for plus its idle time) and rate limits nobody used for a minute: a scan, so it runs on a slow punctuation.
     */
    public void expire(long nowMs, long graceMs) {
        List<String> ended = new ArrayList<>();
        try (KeyValueIterator<String, LedgerEntry> all = entries.all()) {
            while (all.hasNext()) {
                KeyValue<String, LedgerEntry> entry = all.next();
                if (entry.value.periodEndMs() < nowMs - graceMs) {
                    ended.add(entry.key);
                }
            }
        }
        ended.forEach(entries::delete);
        List<String> idle = new ArrayList<>();
        try (KeyValueIterator<String, RateEntry> all = rates.all()) {
            while (all.hasNext()) {
                KeyValue<String, RateEntry> entry = all.next();
                if (entry.value.at(nowMs / 1000).idle()) {
                    idle.add(entry.key);
                }
            }
        }
        idle.forEach(rates::delete);
    }
}
