package dev.switchboard.router.governance;

import dev.switchboard.router.intake.Rejection;
import dev.switchboard.schemas.BudgetScopes;
import dev.switchboard.schemas.GovernancePolicy;
import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.RateLimit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * RPM and TPM per key, team, project and tenant, counted in the task that owns the tenant: one counter per scope
 * member, whatever the number of router instances. {@link #check} looks, {@link #record} counts, so a request
 * refused by one limit is not counted against the others.
 */
public final class RateLimits {
    public static final String STORE = "rate-windows";

    private final KeyValueStore<String, RateWindow> windows;

    public RateLimits(KeyValueStore<String, RateWindow> windows) {
        this.windows = windows;
    }

    public Optional<Rejection> check(LlmRequest request, GovernancePolicy policy, long nowSecond, long tokens) {
        for (Limited limited : applicable(request, policy)) {
            RateWindow window = current(limited.key());
            RateLimit limit = limited.limit();
            if (limit.getRpm() != null && window.requests(nowSecond) + 1 > limit.getRpm()) {
                return Optional.of(refusal(limited, window.requests(nowSecond) + " requests in the last minute; the limit is " + limit.getRpm() + " per minute"));
            }
            if (limit.getTpm() != null && window.tokens(nowSecond) + tokens > limit.getTpm()) {
                return Optional.of(refusal(limited, window.tokens(nowSecond) + " tokens in the last minute and " + tokens
                        + " requested; the limit is " + limit.getTpm() + " per minute"));
            }
        }
        return Optional.empty();
    }

    public void record(LlmRequest request, GovernancePolicy policy, long nowSecond, long tokens) {
        applicable(request, policy).stream().map(Limited::key).distinct()
                .forEach(key -> windows.put(key, current(key).plus(nowSecond, tokens)));
    }

    /** Drops windows with nothing left in the last minute. */
    public void purge(long nowSecond) {
        List<String> idle = new ArrayList<>();
        try (KeyValueIterator<String, RateWindow> all = windows.all()) {
            while (all.hasNext()) {
                KeyValue<String, RateWindow> entry = all.next();
                if (entry.value.idle(nowSecond)) {
                    idle.add(entry.key);
                }
            }
        }
        idle.forEach(windows::delete);
    }

    private RateWindow current(String key) {
        RateWindow window = windows.get(key);
        return window == null ? RateWindow.empty() : window;
    }

    private static List<Limited> applicable(LlmRequest request, GovernancePolicy policy) {
        List<Limited> limits = new ArrayList<>();
        for (RateLimit limit : policy.getRateLimits()) {
            BudgetScopes.memberOf(limit.getScope(), request.getTenant(), request.getAttribution())
                    .filter(member -> BudgetScopes.applies(limit.getScopeId(), member))
                    .ifPresent(member -> limits.add(new Limited(limit, member,
                            Scopes.key(request.getTenant(), limit.getScope().name(), member))));
        }
        return limits;
    }

    private static Rejection refusal(Limited limited, String detail) {
        return new Rejection(GovernanceCodes.RATE_LIMITED, limited.limit().getScope().name().toLowerCase(Locale.ROOT) + " " + limited.member() + ": " + detail);
    }

    private record Limited(RateLimit limit, String member, String key) {
    }
}
