package dev.switchboard.cost.answers;

import static dev.switchboard.cost.answers.AnswerFixtures.cached;
import static dev.switchboard.cost.answers.AnswerFixtures.expired;
import static dev.switchboard.cost.answers.AnswerFixtures.failed;
import static dev.switchboard.cost.answers.AnswerFixtures.ok;
import static dev.switchboard.cost.answers.AnswerFixtures.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.schemas.AnswerStats;
import dev.switchboard.schemas.LlmResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnswerSumTest {
    private static final Instant AT = Instant.parse("2025-03-01T10:00:00Z");

    private static AnswerStats sum(List<LlmResponse> answers) {
        AnswerStats sum = AnswerSum.empty("1m");
        for (LlmResponse answer : answers) {
            sum = AnswerSum.add(sum, answer);
        }
        return sum;
    }

    @Test
    void shouldCountEveryAnswerByStatusAndTheOnesThatAreNotOkByCode() {
        AnswerStats sum = sum(List.of(ok("acme", "standard", 5, 40, AT), cached("acme", "standard", 2, AT),
                rejected("acme", "budget_exceeded", AT), rejected("acme", "budget_exceeded", AT), rejected("acme", "rate_limited", AT),
                failed("acme", "batch", "provider_error", 10, 900, AT), expired("acme", "batch", 5000, AT)));

        assertThat(sum.getTenant()).isEqualTo("acme");
        assertThat(sum.getAnswers()).isEqualTo(7);
        assertThat(sum.getOk()).isEqualTo(2);
        assertThat(sum.getCacheAnswers()).isEqualTo(1);
        assertThat(sum.getRejected()).isEqualTo(3);
        assertThat(sum.getFailed()).isEqualTo(1);
        assertThat(sum.getExpired()).isEqualTo(1);
        assertThat(sum.getByCode()).containsExactlyInAnyOrderEntriesOf(Map.of("REJECTED:budget_exceeded", 2L,
                "REJECTED:rate_limited", 1L, "FAILED:provider_error", 1L, "EXPIRED:deadline_exceeded", 1L));
    }

    @Test
    void shouldHoldQueueLatencyOfProviderAnswersAndEndToEndLatencyOfEveryTieredAnswer() {
        AnswerStats sum = sum(List.of(ok("acme", "interactive", 4, 40, AT), cached("acme", "interactive", 1, AT),
                expired("acme", "interactive", 5000, AT), rejected("acme", "invalid_request", AT)));

        assertThat(sum.getLatency()).containsOnlyKeys("interactive");
        LatencyHistogram queue = LatencyHistogram.of(sum.getLatency().get("interactive").getQueueMs());
        LatencyHistogram total = LatencyHistogram.of(sum.getLatency().get("interactive").getTotalMs());
        assertThat(queue.count()).as("only the answer that waited for a provider").isEqualTo(1);
        assertThat(queue.percentile(50)).isEqualTo(4);
        assertThat(total.count()).as("the cache answer and the expiry too; not the rejection, which has no tier").isEqualTo(3);
        assertThat(total.percentile(99)).isBetween(5000L, 5950L);
    }

    @Test
    void shouldMergeWindowsToTheSameCountsAndHistogramsAsOneWindowOfAllTheAnswers() {
        List<LlmResponse> first = List.of(ok("acme", "standard", 5, 40, AT), rejected("acme", "budget_exceeded", AT));
        List<LlmResponse> second = List.of(ok("acme", "standard", 50, 400, AT), ok("acme", "batch", 3000, 9000, AT),
                rejected("acme", "budget_exceeded", AT));
        List<LlmResponse> all = new ArrayList<>(first);
        all.addAll(second);

        AnswerStats merged = AnswerSum.merge(sum(first), sum(second));

        assertThat(merged).isEqualTo(sum(all));
    }
}
