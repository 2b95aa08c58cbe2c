package dev.switchboard.router.budget;

import dev.switchboard.router.budget.lease.LeaseGrant;
import dev.switchboard.router.budget.lease.LeaseKind;
import dev.switchboard.router.budget.lease.LeaseReturn;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * What one lane holds of what the tenant's ledger lends, one {@link Lease} per ledger key (budgets over
 * {@code budget-leases}; rate-limit permits and session tokens over {@code admission-leases}). Grants add to it, use
 * takes from it, and from time to time what was used and what lay idle goes back.
 */
public final class Leases {
    private final KeyValueStore<String, Lease> store;

    public Leases(KeyValueStore<String, Lease> store) {
        this.store = store;
    }

    public Lease get(String ledgerKey, String tenant, long periodEndMs) {
        Lease lease = store.get(ledgerKey);
        return lease == null ? Lease.empty(tenant, periodEndMs) : lease;
    }

    /** May be null: the key of a lease this lane does not hold. */
    Lease get(String ledgerKey) {
        return store.get(ledgerKey);
    }

    void put(String ledgerKey, Lease lease) {
        store.put(ledgerKey, lease);
    }

    /** Takes {@code amount} for good (a request let in under a rate limit or a session cap) at {@code usedAtMs}. */
    public void use(String ledgerKey, String tenant, long periodEndMs, BigDecimal amount, long usedAtMs) {
        store.put(ledgerKey, get(ledgerKey, tenant, periodEndMs).used(amount, usedAtMs));
    }

    /** Adds what the ledger lent; the ledger counts it as lent whether or not this lane still waits for it. */
    public void granted(LeaseGrant grant, long nowMs) {
        for (LeaseGrant.Line line : grant.lines()) {
            store.put(line.ledgerKey(), get(line.ledgerKey(), grant.tenant(), line.periodEndMs()).granted(line.granted(), line.spent(), nowMs));
        }
    }

    /**
     * What goes back to the ledger now, one message per tenant: everything used since the last return, and the free
     * part of leases nobody took from for {@code idleMs} (unless the tenant has requests waiting for lease).
     *
     * @param kindOf what each ledger key lends
     */
    public List<LeaseReturn> returns(String lane, Function<String, LeaseKind> kindOf, long nowMs, long idleMs, Predicate<String> tenantWaits) {
        Map<String, List<LeaseReturn.Line>> byTenant = new LinkedHashMap<>();
        List<KeyValue<String, Lease>> all = new ArrayList<>();
        try (KeyValueIterator<String, Lease> it = store.all()) {
            it.forEachRemaining(all::add);
        }
        for (KeyValue<String, Lease> entry : all) {
            Lease lease = entry.value;
            boolean idle = nowMs - lease.lastUsedMs() >= idleMs && !tenantWaits.test(lease.tenant());
            BigDecimal released = idle ? lease.free().max(BigDecimal.ZERO) : BigDecimal.ZERO;
            if (released.signum() == 0 && lease.spent().signum() == 0) {
                if (lease.empty() && idle) {
                    store.delete(entry.key);
                }
                continue;
            }
            byTenant.computeIfAbsent(lease.tenant(), t -> new ArrayList<>())
                    .add(new LeaseReturn.Line(kindOf.apply(entry.key), entry.key, lease.periodEndMs(), released, lease.spent(), lease.lastUsedMs()));
            Lease after = lease.givenBack(released);
            if (after.empty()) {
                store.delete(entry.key);
            } else {
                store.put(entry.key, after);
            }
        }
        List<LeaseReturn> returns = new ArrayList<>();
        byTenant.forEach((tenant, lines) -> returns.add(new LeaseReturn(lane, tenant, lines)));
        return returns;
    }
}
