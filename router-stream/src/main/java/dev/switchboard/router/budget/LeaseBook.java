package dev.switchboard.router.budget;

import dev.switchboard.router.budget.lease.LeaseGrant;
import dev.switchboard.router.budget.lease.LeaseKind;
import dev.switchboard.router.governance.Scopes;
import dev.switchboard.router.budget.lease.LeaseReturn;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A lane's leases per budget (over {@code budget-leases}) and its open reservations per request (over
 * {@code budget-reservations}). A request reserves its worst case from the lease; its answer turns the reservation
 * into real spend; spend and idle lease go back to the tenant's ledger from time to time.
 */
public final class LeaseBook {
    public static final String LEASES_STORE = "budget-leases";
    public static final String RESERVATIONS_STORE = "budget-reservations";

    private final Leases leases;
    private final KeyValueStore<String, Reservation> reservations;

    public LeaseBook(KeyValueStore<String, Lease> leases, KeyValueStore<String, Reservation> reservations) {
        this.leases = new Leases(leases);
        this.reservations = reservations;
    }

    public Lease lease(ScopedBudget budget, String tenant) {
        return leases.get(budget.ledgerKey(), tenant, budget.periodEndMs());
    }

    public void reserve(String tenant, String requestId, BigDecimal amount, List<ScopedBudget> budgets, long nowMs) {
        // A tenant's daily hard and soft budget share one entry: reserve once per entry.
        Map<String, ScopedBudget> entries = new LinkedHashMap<>();
        budgets.forEach(budget -> entries.putIfAbsent(budget.ledgerKey(), budget));
        entries.values().forEach(budget -> leases.put(budget.ledgerKey(), lease(budget, tenant).reserve(amount, nowMs)));
        reservations.put(reservationKey(tenant, requestId), new Reservation(amount, nowMs, List.copyOf(entries.keySet())));
    }

    /** Replaces the request's reservation with its real cost; false when it holds none (cache hits, repeats, or not budgeted). */
    public boolean settle(String tenant, String requestId, BigDecimal cost) {
        return settle(reservationKey(tenant, requestId), cost);
    }

    private boolean settle(String reservationKey, BigDecimal cost) {
        Reservation reservation = reservations.get(reservationKey);
        if (reservation == null) {
            return false;
        }
        for (String key : reservation.ledgerKeys()) {
            Lease lease = leases.get(key);
            if (lease != null) {
                leases.put(key, lease.settle(reservation.amount(), cost));
            }
        }
        reservations.delete(reservationKey);
        return true;
    }

    public void granted(LeaseGrant grant, long nowMs) {
        leases.granted(grant, nowMs);
    }

    /** Every cost settled since the last return, and idle lease: see {@link Leases#returns}. */
    public List<LeaseReturn> returns(String lane, long nowMs, long idleMs, Predicate<String> tenantWaits) {
        return leases.returns(lane, key -> LeaseKind.BUDGET, nowMs, idleMs, tenantWaits);
    }

    /** Releases reservations whose answer never came (a worker lost for longer than any batch takes). */
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
    }

    public Optional<Reservation> reservation(String tenant, String requestId) {
        return Optional.ofNullable(reservations.get(reservationKey(tenant, requestId)));
    }

    private static String reservationKey(String tenant, String requestId) {
        return Scopes.key(tenant, requestId);
    }
}
