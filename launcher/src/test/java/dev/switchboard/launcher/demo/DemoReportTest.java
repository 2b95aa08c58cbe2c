package dev.switchboard.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.schemas.CacheOutcome;
import dev.switchboard.schemas.Latency;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.ResponseStatus;
import dev.switchboard.schemas.Responses;
import dev.switchboard.schemas.RouteFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoReportTest {
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void shouldReportQueueAndEndToEndLatencyPerTierOverProviderAnswersOnly() {
        List<LlmResponse> answers = List.of(
                answer("i1", "interactive", 10, 100, CacheOutcome.MISS),
                answer("i2", "interactive", 30, 300, CacheOutcome.MISS),
                answer("b1", "batch", 2000, 4000, CacheOutcome.MISS),
                answer("hit", "interactive", 0, 1, CacheOutcome.EXACT));
        DemoReport report = new DemoReport(answers.size(), answers, Duration.ofSeconds(5), Map.of());

        assertThat(report.latencyByTier()).containsOnlyKeys("batch", "interactive");
        assertThat(report.latencyByTier().get("interactive")).isEqualTo(new DemoReport.TierLatency(2, 10, 30, 100, 300));
        assertThat(report.latencyByTier().get("batch")).isEqualTo(new DemoReport.TierLatency(1, 2000, 2000, 4000, 4000));
        assertThat(report.render()).contains("tier interactive", "queue p50 / p99 10 / 30 ms   end-to-end p50 / p99 100 / 300 ms");
    }

    private static LlmResponse answer(String id, String tier, long queueMs, long totalMs, CacheOutcome outcome) {
        return Responses.base(id, "acme", ResponseStatus.OK, NOW)
                .setRoute(new RouteFacts("sim/small", "static", "default", tier, 1, new ArrayList<>()))
                .setCache(Responses.cacheFacts(outcome))
                .setLatency(new Latency(queueMs, totalMs - queueMs, totalMs))
                .build();
    }
}
