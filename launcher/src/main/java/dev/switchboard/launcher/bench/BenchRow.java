package dev.switchboard.launcher.bench;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One line of the report: what one system did with the requests of one tier in one phase.
 *
 * @param answersPerSecond distinct answers per second between the first answer and the last: the rate sent while the
 *                         system keeps up, the rate it drains at when it does not
 * @param queue            submission to the provider call, as the answers report it (answers with status OK)
 * @param endToEnd         intended send time to the answer's arrival at the bench's consumer
 */
public record BenchRow(String phase, String system, String tier, int sent, int answered, int missing, int duplicates,
                       double answersPerSecond, LatencySummary queue, LatencySummary endToEnd, Map<String, Long> statuses) {
    public static final String OK = "OK";

    static BenchRow of(String phase, String system, AnswerTracker.Outcome outcome) {
        List<AnswerTracker.Answered> answered = outcome.answered();
        Map<String, Long> statuses = new TreeMap<>();
        answered.forEach(a -> statuses.merge(a.answer().status(), 1L, Long::sum));
        LatencySummary queue = LatencySummary.ofMillis(answered.stream()
                .filter(a -> a.answer().status().equals(OK) && a.answer().queueMs() >= 0).map(a -> (double) a.answer().queueMs()).toList());
        LatencySummary endToEnd = LatencySummary.ofMillis(answered.stream().map(a -> a.endToEndNanos() / 1e6).toList());
        return new BenchRow(phase, system, outcome.tier(), outcome.sent(), answered.size(), outcome.missing(), outcome.duplicates(),
                answersPerSecond(answered), queue, endToEnd, statuses);
    }

    private static double answersPerSecond(List<AnswerTracker.Answered> answered) {
        if (answered.size() < 2) {
            return 0;
        }
        long first = answered.stream().mapToLong(a -> a.answer().receivedNanos()).min().orElseThrow();
        long last = answered.stream().mapToLong(a -> a.answer().receivedNanos()).max().orElseThrow();
        return (answered.size() - 1) / Math.max(1e-3, (last - first) / 1e9);
    }

    /** Every request of the row got exactly one answer. */
    public boolean exactlyOnce() {
        return missing == 0 && duplicates == 0;
    }
}
