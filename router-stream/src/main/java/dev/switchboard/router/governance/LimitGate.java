package dev.switchboard.router.governance;

import dev.switchboard.router.budget.Leases;
import dev.switchboard.router.budget.lease.LeaseAsk;
import dev.switchboard.router.budget.lease.LeaseGrant;
import dev.switchboard.router.budget.lease.LeaseKind;
import dev.switchboard.router.intake.Rejection;
import dev.switchboard.schemas.GovernancePolicy;
import dev.switchboard.schemas.LlmRequest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Judges a request against its rate limits and session cap using only what this lane holds of them: it passes when
 * every lease covers what the request takes (which it then uses), and falls short when some lease does not (the lane
 * asks the ledger). Plain: no Kafka in here.
 */
final class LimitGate {
    /**
     * A lane asks for room for this many requests like the one that lacks it (never more than the limit), so a tenant
     * well inside its limits asks about once per this many requests, not once per request.
     */
    static final int LEASE_REQUESTS = 16;

    private final Leases leases;

    LimitGate(Leases leases) {
        this.leases = leases;
    }

    /** Some lease does not cover the request: {@code lacking} is what each short permit lacks. */
    record Short(List<Permit> permits, Map<Permit, Long> lacking) {
    }

    /** Every permit the request takes, one per ledger key (of two limits on one key, the tighter one). */
    static List<Permit> permits(LlmRequest request, GovernancePolicy policy, long tokens) {
        Map<String, Permit> byKey = new LinkedHashMap<>();
        List<Permit> all = new ArrayList<>(RateLimits.permits(request, policy, tokens));
        SessionTokens.permit(request, policy, tokens).ifPresent(all::add);
        for (Permit permit : all) {
            byKey.merge(permit.ledgerKey(), permit, (a, b) -> a.limit() <= b.limit() ? a : b);
        }
        return List.copyOf(byKey.values());
    }

    /** Takes every permit from this lane's leases, used at {@code atMs}, or none of them: empty when all were taken. */
    Optional<Short> take(String tenant, List<Permit> permits, long atMs) {
        Optional<Short> shortOf = assess(tenant, permits);
        if (shortOf.isEmpty()) {
            for (Permit permit : permits) {
                leases.use(permit.ledgerKey(), tenant, 0, BigDecimal.valueOf(permit.amount()), atMs);
            }
        }
        return shortOf;
    }

    /** What this lane's leases lack for the request, taking nothing; empty when they cover it. */
    Optional<Short> assess(String tenant, List<Permit> permits) {
        Map<Permit, Long> lacking = new LinkedHashMap<>();
        for (Permit permit : permits) {
            long free = leases.get(permit.ledgerKey(), tenant, 0).free().longValue();
            if (free < permit.amount()) {
                lacking.put(permit, permit.amount() - Math.max(0, free));
            }
        }
        return lacking.isEmpty() ? Optional.empty() : Optional.of(new Short(permits, lacking));
    }

    /** The ask for what a short request lacks, and a chunk for the requests after it. */
    LeaseAsk ask(String lane, long askId, String tenant, Short shortOf, long nowMs) {
        List<LeaseAsk.Line> lines = new ArrayList<>();
        shortOf.lacking().forEach((permit, lacks) -> {
            long chunk = Math.min(permit.limit(), permit.amount() * LEASE_REQUESTS);
            long keptUntil = permit.leaseKind() == LeaseKind.SESSION ? nowMs + SessionTokens.IDLE.toMillis() : 0;
            lines.add(new LeaseAsk.Line(permit.leaseKind(), permit.ledgerKey(), keptUntil, BigDecimal.valueOf(permit.limit()),
                    BigDecimal.valueOf(lacks), BigDecimal.valueOf(Math.max(chunk, lacks))));
        });
        return new LeaseAsk(lane, askId, tenant, lines);
    }

    /**
     * After the ledger answered: the request is refused when some limit could not spare what it lacks; otherwise it
     * must ask again (its need differs from the one asked for).
     */
    static Optional<Rejection> refusedBy(LeaseGrant grant, Short shortOf) {
        for (Map.Entry<Permit, Long> lacking : shortOf.lacking().entrySet()) {
            for (LeaseGrant.Line line : grant.lines()) {
                if (line.ledgerKey().equals(lacking.getKey().ledgerKey()) && line.available().longValue() < lacking.getValue()) {
                    return Optional.of(lacking.getKey().refusal(line.spent().add(line.lent()).longValue()));
                }
            }
        }
        return Optional.empty();
    }

    /** What a ledger key of admission's leases lends. */
    static LeaseKind kindOf(String ledgerKey) {
        return Scopes.parts(ledgerKey).get(1).equals("session") ? LeaseKind.SESSION : LeaseKind.RATE;
    }
}
