package dev.switchboard.cost.answers;

import dev.switchboard.schemas.AnswerStats;
import dev.switchboard.schemas.CacheOutcome;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.ResponseStatus;
import dev.switchboard.schemas.TierLatency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer-window arithmetic, free of Kafka: counts by status and by status and error code, and per tier two
 * latency histograms. End-to-end latency counts every answer that names its tier (a rejection at intake names
 * none); queue latency only answers that waited for a provider call (not cache answers, not expiries).
 */
public final class AnswerSum {
    private AnswerSum() {
    }

    public static AnswerStats empty(String sizeLabel) {
        return AnswerStats.newBuilder()
                .setTenant("")
                .setWindow(sizeLabel)
                .setAnswers(0)
                .setOk(0)
                .setRejected(0)
                .setFailed(0)
                .setExpired(0)
                .setCacheAnswers(0)
                .setByCode(new HashMap<>())
                .setLatency(new HashMap<>())
                .build();
    }

    public static AnswerStats add(AnswerStats sum, LlmResponse answer) {
        ResponseStatus status = answer.getStatus();
        Map<String, Long> byCode = new HashMap<>(sum.getByCode());
        if (status != ResponseStatus.OK) {
            byCode.merge(codeKey(answer), 1L, Long::sum);
        }
        Map<String, TierLatency> latency = new HashMap<>(sum.getLatency());
        String tier = answer.getRoute() == null ? null : answer.getRoute().getTier();
        if (tier != null && !tier.isBlank() && answer.getLatency() != null) {
            TierLatency before = latency.getOrDefault(tier, emptyLatency());
            LatencyHistogram queue = LatencyHistogram.of(before.getQueueMs());
            if (waitedForAProvider(answer)) {
                queue = queue.plus(answer.getLatency().getQueueMs());
            }
            LatencyHistogram total = LatencyHistogram.of(before.getTotalMs()).plus(answer.getLatency().getTotalMs());
            latency.put(tier, new TierLatency(queue.toList(), total.toList()));
        }
        return AnswerStats.newBuilder(sum)
                .setTenant(answer.getTenant())
                .setAnswers(sum.getAnswers() + 1)
                .setOk(sum.getOk() + (status == ResponseStatus.OK ? 1 : 0))
                .setRejected(sum.getRejected() + (status == ResponseStatus.REJECTED ? 1 : 0))
                .setFailed(sum.getFailed() + (status == ResponseStatus.FAILED ? 1 : 0))
                .setExpired(sum.getExpired() + (status == ResponseStatus.EXPIRED ? 1 : 0))
                .setCacheAnswers(sum.getCacheAnswers() + (status == ResponseStatus.OK && fromCache(answer) ? 1 : 0))
                .setByCode(byCode)
                .setLatency(latency)
                .build();
    }

    /** The counts and histograms of both added up; tenant and size are those of {@code sum}. */
    public static AnswerStats merge(AnswerStats sum, AnswerStats more) {
        Map<String, Long> byCode = new HashMap<>(sum.getByCode());
        more.getByCode().forEach((code, count) -> byCode.merge(code, count, Long::sum));
        Map<String, TierLatency> latency = new HashMap<>(sum.getLatency());
        more.getLatency().forEach((tier, add) -> latency.merge(tier, add, (a, b) -> new TierLatency(
                LatencyHistogram.of(a.getQueueMs()).plus(LatencyHistogram.of(b.getQueueMs())).toList(),
                LatencyHistogram.of(a.getTotalMs()).plus(LatencyHistogram.of(b.getTotalMs())).toList())));
        return AnswerStats.newBuilder(sum)
                .setAnswers(sum.getAnswers() + more.getAnswers())
                .setOk(sum.getOk() + more.getOk())
                .setRejected(sum.getRejected() + more.getRejected())
                .setFailed(sum.getFailed() + more.getFailed())
                .setExpired(sum.getExpired() + more.getExpired())
                .setCacheAnswers(sum.getCacheAnswers() + more.getCacheAnswers())
                .setByCode(byCode)
                .setLatency(latency)
                .build();
    }

    /** {@code REJECTED:budget_exceeded}; an answer without an error names none ({@code FAILED:unknown}). */
    static String codeKey(LlmResponse answer) {
        String code = answer.getError() == null || answer.getError().getCode() == null ? "unknown" : answer.getError().getCode();
        return answer.getStatus().name() + ":" + code;
    }

    private static boolean fromCache(LlmResponse answer) {
        CacheOutcome outcome = answer.getCache() == null ? CacheOutcome.MISS : answer.getCache().getOutcome();
        return outcome != CacheOutcome.MISS && outcome != CacheOutcome.SKIPPED;
    }

    private static boolean waitedForAProvider(LlmResponse answer) {
        return (answer.getStatus() == ResponseStatus.OK || answer.getStatus() == ResponseStatus.FAILED) && !fromCache(answer);
    }

    private static TierLatency emptyLatency() {
        return new TierLatency(List.of(), List.of());
    }
}
