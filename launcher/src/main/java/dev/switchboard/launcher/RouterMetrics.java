package dev.switchboard.launcher;

import dev.switchboard.router.governance.AdmissionListener;
import dev.switchboard.router.route.RouteListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;

/** The router's counters, labelled by tenant through {@link TenantLabels} so no caller can grow the number of series. */
final class RouterMetrics {
    private RouterMetrics() {
    }

    /** Requests refused by governance (keys, limits, caps, budgets), counted by tenant and reason. */
    static AdmissionListener refusals(MeterRegistry registry, TenantLabels labels) {
        return (tenant, code) -> Counter.builder("switchboard.router.refusals")
                .tag("tenant", labels.of(tenant)).tag("code", code).register(registry).increment();
    }

    /** Every routing decision, counted by tenant, strategy, model and tier. */
    static RouteListener decisions(MeterRegistry registry, TenantLabels labels) {
        return (tenant, decision, tier) -> Counter.builder("switchboard.router.decisions")
                .tag("tenant", labels.of(tenant)).tag("strategy", decision.strategy()).tag("model", decision.model())
                .tag("tier", tier.name().toLowerCase(Locale.ROOT)).register(registry).increment();
    }
}
