package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.router.governance.AdmissionListener;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouterMetricsTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @Test
    void shouldKeepRefusalSeriesBoundedWhateverTenantsCallersInvent() {
        AdmissionListener refusals = RouterMetrics.refusals(registry, new TenantLabels(Set.of("acme")::contains, 20));

        for (int i = 0; i < 5_000; i++) {
            refusals.refused("invented-" + i, "missing_key");
        }
        refusals.refused("acme", "missing_key");

        var series = registry.find("switchboard.router.refusals").counters();
        assertThat(series).as("20 ungoverned tenants, 'other' and the governed one").hasSize(22);
        assertThat(registry.get("switchboard.router.refusals").tag("tenant", TenantLabels.OTHER).counter().count()).isEqualTo(4_980);
        assertThat(registry.get("switchboard.router.refusals").tag("tenant", "acme").counter().count()).isEqualTo(1);
        assertThat(registry.scrape().length()).isLessThan(20_000);
    }

    @Test
    void shouldGiveAGovernedTenantItsOwnLabelEvenAfterTheOthersAreFull() {
        TenantLabels labels = new TenantLabels(Set.of("acme")::contains, 1);

        assertThat(labels.of("first")).isEqualTo("first");
        assertThat(labels.of("second")).isEqualTo(TenantLabels.OTHER);
        assertThat(labels.of("first")).as("a tenant keeps the label it was given").isEqualTo("first");
        assertThat(labels.of("acme")).isEqualTo("acme");
        assertThat(labels.of(null)).isEqualTo(TenantLabels.OTHER);
    }
}
