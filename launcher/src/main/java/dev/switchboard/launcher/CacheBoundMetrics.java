package dev.switchboard.launcher;

import dev.switchboard.router.cache.bound.CacheBoundListener;
import dev.switchboard.schemas.CacheBoundState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Each bounded tenant's verified error as its controller last published it: {@code switchboard.cache.bound.cut},
 * {@code .target}, {@code .verifications}, {@code .false_hits} and {@code .served} by tenant label ({@link TenantLabels}).
 * Tenants that share the label {@value TenantLabels#OTHER} are summed (the cut and target: the highest of them).
 * The verified false-hit rate is {@code false_hits / verifications}.
 */
final class CacheBoundMetrics implements CacheBoundListener {
    private final MeterRegistry registry;
    private final TenantLabels labels;
    private final Map<String, Map<String, CacheBoundState>> byLabel = new ConcurrentHashMap<>();

    CacheBoundMetrics(MeterRegistry registry, TenantLabels labels) {
        this.registry = registry;
        this.labels = labels;
    }

    @Override
    public void published(CacheBoundState state) {
        String label = labels.of(state.getTenant());
        byLabel.computeIfAbsent(label, this::register).put(state.getTenant(), state);
    }

    private Map<String, CacheBoundState> register(String label) {
        Map<String, CacheBoundState> tenants = new ConcurrentHashMap<>();
        gauge("switchboard.cache.bound.cut", "verifier score a semantic candidate needs to be served", label, tenants, CacheBoundState::getCut, true);
        gauge("switchboard.cache.bound.target", "target false-hit rate of served semantic hits", label, tenants,
                CacheBoundState::getTargetFalseHitRate, true);
        gauge("switchboard.cache.bound.verifications", "paid verifications of semantic hits", label, tenants, s -> s.getVerifications(), false);
        gauge("switchboard.cache.bound.false_hits", "verifications whose fresh answer differed from the cached one", label, tenants,
                s -> s.getFalseHits(), false);
        gauge("switchboard.cache.bound.served", "semantic candidates served from the cache", label, tenants, s -> s.getServed(), false);
        return tenants;
    }

    private void gauge(String name, String description, String label, Map<String, CacheBoundState> tenants, ToDoubleFunction<CacheBoundState> value,
                       boolean highest) {
        Gauge.builder(name, tenants, t -> highest
                        ? t.values().stream().mapToDouble(value).max().orElse(Double.NaN)
                        : t.values().stream().mapToDouble(value).sum())
                .description(description).tag("tenant", label).register(registry);
    }
}
