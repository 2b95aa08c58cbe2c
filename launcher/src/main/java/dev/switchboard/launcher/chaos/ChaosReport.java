package dev.switchboard.launcher.chaos;

import java.math.BigDecimal;
import java.util.Map;

/**
 * What a chaos run found. It passes only when every request has exactly one terminal answer and the cost
 * aggregator's totals equal the sums of the answers' costs, tenant by tenant.
 *
 * @param strangers        answers to request ids nobody sent, or unreadable answers (counted as duplicates)
 * @param stallAfterLeaderMs the longest gap between answers around the broker kill
 * @param crashes          worker halts per crash point
 * @param duplicateCalls   provider calls beyond the calls recorded in {@code llm.usage} (calls lost with a worker)
 */
public record ChaosReport(int requests, int answered, int duplicates, int strangers, boolean totalsMatch, long maxStallMs,
                          long stallAfterLeaderMs, Map<String, BigDecimal> answerCosts, Map<String, BigDecimal> aggregatorCosts,
                          Map<String, Long> statuses, Map<String, Integer> crashes, long providerCalls, long duplicateCalls) {
    public int lost() {
        return requests - answered;
    }

    public boolean passed() {
        return lost() == 0 && duplicates == 0 && strangers == 0 && totalsMatch;
    }

    /** The run's last line, in the one format scripts read. */
    public String lastLine() {
        return "requests=" + requests + " answered=" + answered + " duplicates=" + (duplicates + strangers) + " lost=" + lost()
                + " totals_match=" + totalsMatch + " max_stall_ms=" + maxStallMs;
    }
}
