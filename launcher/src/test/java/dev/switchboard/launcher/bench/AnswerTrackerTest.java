package dev.switchboard.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AnswerTrackerTest {
    @Test
    void shouldCountMissingAndDuplicateAnswersPerPhaseAndTier() throws InterruptedException {
        AnswerTracker tracker = new AnswerTracker();
        tracker.sent("a", "rate", "standard", 0);
        tracker.sent("b", "rate", "standard", 0);
        tracker.sent("c", "rate", "batch", 0);
        tracker.sent("d", "flood", "batch", 0);
        tracker.answered("a", new AnswerTracker.Answer("OK", 5, 2_000_000));
        tracker.answered("a", new AnswerTracker.Answer("OK", 5, 3_000_000));
        tracker.answered("c", new AnswerTracker.Answer("FAILED", -1, 4_000_000));
        tracker.answered("not-ours", new AnswerTracker.Answer("OK", 1, 1));

        assertThat(tracker.awaitAll(Duration.ofMillis(10))).isFalse();
        AnswerTracker.Outcome standard = tracker.outcome("rate", "standard");
        assertThat(standard.sent()).isEqualTo(2);
        assertThat(standard.missing()).isEqualTo(1);
        assertThat(standard.duplicates()).isEqualTo(1);
        assertThat(standard.answered()).singleElement().satisfies(a -> assertThat(a.endToEndNanos()).isEqualTo(2_000_000));
        AnswerTracker.Outcome rate = tracker.outcome("rate", null);
        assertThat(rate.tier()).isEqualTo("all");
        assertThat(rate.sent()).isEqualTo(3);
        assertThat(rate.answered()).hasSize(2);
        assertThat(tracker.outcome("flood", "batch").missing()).isEqualTo(1);

        BenchRow row = BenchRow.of("rate", "switchboard", rate);
        assertThat(row.statuses()).containsEntry("OK", 1L).containsEntry("FAILED", 1L);
        assertThat(row.queue().count()).as("queue figures from OK answers only").isEqualTo(1);
        assertThat(row.exactlyOnce()).isFalse();
    }

    @Test
    void shouldTakeTheNearestRankPercentile() {
        LatencySummary summary = LatencySummary.ofMillis(java.util.stream.IntStream.rangeClosed(1, 100).mapToObj(i -> (double) i).toList());
        assertThat(summary.p50()).isEqualTo(50);
        assertThat(summary.p99()).isEqualTo(99);
        assertThat(summary.max()).isEqualTo(100);
        assertThat(LatencySummary.ofMillis(java.util.List.of())).isEqualTo(LatencySummary.EMPTY);
    }
}
