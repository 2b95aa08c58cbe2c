package dev.switchboard.router.ledger;

import dev.switchboard.router.budget.lease.LeaseAsk;
import dev.switchboard.router.budget.lease.LeaseGrant;
import dev.switchboard.router.budget.lease.LeaseReturn;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The one ledger of a tenant's budgets, over {@code budget-ledger}: every lane's lease comes from here, so however many
 * lanes and instances serve the tenant, what they may spend together never passes a hard limit. Only the task that
 * owns the tenant touches its entries, so asks and returns apply one at a time, in the order they were written.
 */
public final class TenantLedger {
    public static final String STORE = "budget-ledger";

    private final KeyValueStore<String, LedgerEntry> entries;

    public TenantLedger(KeyValueStore<String, LedgerEntry> entries) {
        this.entries = entries;
    }

    public LeaseGrant lend(LeaseAsk ask) {
        List<LeaseGrant.Line> lines = new ArrayList<>();
        for (LeaseAsk.Line line : ask.lines()) {
            LedgerEntry entry = entry(line.ledgerKey(), line.periodEndMs());
            BigDecimal granted = LeaseSizing.grant(entry.available(line.hardLimit()), line.needed(), line.wanted());
            LedgerEntry after = entry.lend(granted);
            entries.put(line.ledgerKey(), after);
            lines.add(new LeaseGrant.Line(line.ledgerKey(), line.periodEndMs(), granted, after.spent(), after.lent(), after.available(line.hardLimit())));
        }
        return new LeaseGrant(ask.lane(), ask.askId(), ask.tenant(), lines);
    }

    public void takeBack(LeaseReturn given) {
        for (LeaseReturn.Line line : given.lines()) {
            entries.put(line.ledgerKey(), entry(line.ledgerKey(), line.periodEndMs()).givenBack(line.released(), line.spent()));
        }
    }

    public void reported(String ledgerKey, BigDecimal spend, long periodEndMs) {
        entries.put(ledgerKey, entry(ledgerKey, periodEndMs).reported(spend));
    }

    public LedgerEntry entry(String ledgerKey, long periodEndMs) {
        LedgerEntry entry = entries.get(ledgerKey);
        return entry == null ? LedgerEntry.empty(periodEndMs) : entry;
    }

    /** Forgets entries of periods that ended longer than {@code graceMs} ago: a scan, so it runs on a slow punctuation. */
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
    }
}
