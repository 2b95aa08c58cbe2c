package dev.switchboard.router.budget;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Spend, reservations and the aggregator's reported spend per budget scope member and period, with the open
 * reservations by request. Only the task that owns a tenant touches its entries, so a check and the reservation
 * that follows it can not interleave with another request's.
 */
public final class BudgetLedger {
    public static final String LEDGER_STORE = "budget-ledger";
    public static final String RESERVATIONS_STORE = "budget-reservations";

    private final KeyValueStore<String, LedgerEntry> ledger;
    private final KeyValueStore<String, Reservation> reservations;

    public BudgetLedger(KeyValueStore<String, LedgerEntry> ledger, KeyValueStore<String, Reservation> reservations) {
        this.ledger = ledger;
        this.reservations = reservations;
    }

    public LedgerEntry entry(String ledgerKey, long periodEndMs) {
        LedgerEntry entry = ledger.get(ledgerKey);
        return entry == null ? LedgerEntry.empty(periodEndMs) : entry;
    }

    public void reserve(String reservationKey, BigDecimal amount, List<ScopedBudget> budgets, long nowMs) {
        // A tenant's daily hard and soft budget share one entry: reserve once per entry.
        Map<String, Long> entries = new LinkedHashMap<>();
        budgets.forEach(budget -> entries.putIfAbsent(budget.ledgerKey(), budget.periodEndMs()));
        entries.forEach((key, periodEnd) -> ledger.put(key, entry(key, periodEnd).reserve(amount)));
        reservations.put(reservationKey, new Reservation(amount, nowMs, List.copyOf(entries.keySet())));
    }

    /** Replaces the request's reservation with its real cost; false when it holds none (replays, repeats, or not budgeted). */
    public boolean settle(String reservationKey, BigDecimal cost) {
        Reservation reservation = reservations.get(reservationKey);
        if (reservation == null) {
            return false;
        }
        for (String key : reservation.ledgerKeys()) {
            LedgerEntry entry = ledger.get(key);
            if (entry != null) {
                ledger.put(key, entry.settle(reservation.amount(), cost));
            }
        }
        reservations.delete(reservationKey);
        return true;
    }

    public void reported(String ledgerKey, BigDecimal spend, long periodEndMs) {
        ledger.put(ledgerKey, entry(ledgerKey, periodEndMs).reported(spend));
    }

    /**
     * Releases reservations whose answer never came (a worker lost for longer than any batch takes) and forgets
     * entries of periods that ended: each costs a scan, so it runs on a slow punctuation.
     */
    public void expire(long nowMs, long reservationTimeoutMs) {
        List<String> stale = new ArrayList<>();
        try (KeyValueIterator<String, Reservation> all = reservations.all()) {
            while (all.hasNext()) {
                KeyValue<String, Reservation> entry = all.next();
                if (entry.value.reservedAtMs() < nowMs - reservationTimeoutMs) {
                    stale.add(entry.key);
                }
            }
        }
        stale.forEach(key -> settle(key, BigDecimal.ZERO));
        List<String> ended = new ArrayList<>();
        try (KeyValueIterator<String, LedgerEntry> all = ledger.all()) {
            while (all.hasNext()) {
                KeyValue<String, LedgerEntry> entry = all.next();
                if (entry.value.periodEndMs() < nowMs - reservationTimeoutMs) {
                    ended.add(entry.key);
                }
            }
        }
        ended.forEach(ledger::delete);
    }

    public Optional<Reservation> reservation(String reservationKey) {
        return Optional.ofNullable(reservations.get(reservationKey));
    }
}
