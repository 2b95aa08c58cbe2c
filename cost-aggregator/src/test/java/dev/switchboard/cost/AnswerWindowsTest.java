package dev.switchboard.cost;

import static dev.switchboard.cost.answers.AnswerFixtures.cached;
import static dev.switchboard.cost.answers.AnswerFixtures.failed;
import static dev.switchboard.cost.answers.AnswerFixtures.ok;
import static dev.switchboard.cost.answers.AnswerFixtures.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.cost.answers.AnswerTopics;
import dev.switchboard.cost.answers.AnswerWindow;
import dev.switchboard.cost.budget.SpendView;
import dev.switchboard.schemas.Topics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Answer windows through the real topology: counts by status and code, latency by tier, read back by the API. */
class AnswerWindowsTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    @TempDir
    Path stateDir;

    private CostDriver cost;

    @BeforeEach
    void setUp() {
        cost = new CostDriver("answer-windows-test", stateDir, T0);
    }

    @AfterEach
    void tearDown() {
        cost.close();
    }

    @Test
    void shouldCountAnswersFromLlmResponsesAndReplyTopicsPerTenantAndMinute() {
        cost.answer(ok("acme", "interactive", 3, 30, T0.plusSeconds(1)), Topics.RESPONSES);
        cost.answer(ok("acme", "interactive", 5, 50, T0.plusSeconds(2)), Topics.REPLIES_PREFIX + "gateway-1");
        cost.answer(rejected("acme", "budget_exceeded", T0.plusSeconds(3)), Topics.RESPONSES);
        cost.answer(ok("acme", "batch", 2000, 8000, T0.plusSeconds(61)), Topics.RESPONSES);
        cost.answer(ok("globex", "standard", 1, 10, T0.plusSeconds(4)), Topics.RESPONSES);

        List<AnswerWindow> minutes = cost.answerWindows.windows("acme", "1m", T0, T0.plusSeconds(60));

        assertThat(minutes).extracting(AnswerWindow::start).containsExactly(T0, T0.plusSeconds(60));
        assertThat(minutes.get(0).stats().getAnswers()).isEqualTo(3);
        assertThat(minutes.get(0).stats().getOk()).isEqualTo(2);
        assertThat(minutes.get(0).stats().getByCode()).containsExactly(Map.entry("REJECTED:budget_exceeded", 1L));
        assertThat(minutes.get(1).stats().getLatency()).containsOnlyKeys("batch");
        assertThat(cost.answerWindows.windows("acme", "1h", T0, T0).get(0).stats().getAnswers()).isEqualTo(4);
        assertThat(cost.answerWindows.windows("globex", "1m", T0, T0).get(0).stats().getAnswers()).isEqualTo(1);
    }

    @Test
    void shouldMatchOnlyTheAnswerTopicsAndSkipTombstones() {
        assertThat(AnswerTopics.PATTERN.matcher("someone.elses.replies").matches()).isFalse();
        assertThat(AnswerTopics.PATTERN.matcher(Topics.REPLIES_PREFIX).matches()).isFalse();
        assertThat(AnswerTopics.PATTERN.matcher("llm.responses.dlq").matches()).isFalse();
        cost.responses.pipeInput("acme", null, T0);
        cost.answer(ok("acme", "standard", 1, 10, T0.plusSeconds(1)), Topics.RESPONSES);

        assertThat(cost.answerWindows.windows("acme", "1m", T0, T0)).singleElement()
                .satisfies(w -> assertThat(w.stats().getAnswers()).isEqualTo(1));
    }

    @Test
    void shouldServeStatusCountsAndTierPercentilesMergedOverTheBuckets() {
        for (int i = 0; i < 99; i++) {
            cost.answer(ok("acme", "interactive", 10, 100, T0.plusSeconds(i % 120)), Topics.RESPONSES);
        }
        cost.answer(cached("acme", "standard", 2, T0.plusSeconds(65)), Topics.RESPONSES);
        cost.answer(failed("acme", "standard", "provider_error", 20, 900, T0.plusSeconds(66)), Topics.RESPONSES);
        cost.answer(rejected("acme", "rate_limited", T0.plusSeconds(67)), Topics.RESPONSES);
        cost.answer(ok("acme", "interactive", 3000, 7000, T0.plusSeconds(150)), Topics.RESPONSES);
        CostApi api = new CostApi(cost.windows, SpendView.NONE, cost.answerWindows, Clock.fixed(T0.plus(Duration.ofMinutes(3)), ZoneOffset.UTC));

        JsonNode body = api.answers("acme", Map.of("size", "1m", "buckets", "4"));

        assertThat(body.get("buckets")).extracting(JsonNode::asText).containsExactly(
                "2025-03-01T10:00:00Z", "2025-03-01T10:01:00Z", "2025-03-01T10:02:00Z", "2025-03-01T10:03:00Z");
        assertThat(body.get("answers")).extracting(JsonNode::asLong).containsExactly(60L, 42L, 1L, 0L);
        JsonNode total = body.get("total");
        assertThat(total.get("answers").asLong()).isEqualTo(103);
        assertThat(total.get("ok").asLong()).isEqualTo(101);
        assertThat(total.get("cache_answers").asLong()).isEqualTo(1);
        assertThat(total.get("failed").asLong()).isEqualTo(1);
        assertThat(total.get("rejected").asLong()).isEqualTo(1);
        assertThat(total.get("by_code").get("REJECTED:rate_limited").asLong()).isEqualTo(1);
        assertThat(body.get("latency")).extracting(t -> t.get("tier").asText()).containsExactly("interactive", "standard");
        JsonNode interactive = body.get("latency").get(0);
        assertThat(interactive.get("total_ms").get("count").asLong()).isEqualTo(100);
        assertThat(interactive.get("total_ms").get("p50").asLong()).isBetween(100L, 119L);
        assertThat(interactive.get("total_ms").get("p99").asLong()).as("the 99th of 100 is the last of the fast ones").isBetween(100L, 119L);
        assertThat(interactive.get("queue_ms").get("p50").asLong()).isBetween(10L, 12L);
        JsonNode standard = body.get("latency").get(1);
        assertThat(standard.get("queue_ms").get("count").asLong()).as("the failure waited for a provider; the cache answer did not").isEqualTo(1);
        assertThat(standard.get("total_ms").get("count").asLong()).isEqualTo(2);
    }
}
