package dev.switchboard.cost.answers;

import dev.switchboard.schemas.CacheFacts;
import dev.switchboard.schemas.CacheOutcome;
import dev.switchboard.schemas.ErrorInfo;
import dev.switchboard.schemas.Latency;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.Money;
import dev.switchboard.schemas.ResponseStatus;
import dev.switchboard.schemas.Responses;
import dev.switchboard.schemas.RouteFacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;

/** Terminal answers for tests, as the router and the workers write them. */
public final class AnswerFixtures {
    private AnswerFixtures() {
    }

    public static LlmResponse ok(String tenant, String tier, long queueMs, long totalMs, Instant at) {
        return Responses.base("r-" + at.toEpochMilli() + "-" + totalMs, tenant, ResponseStatus.OK, at)
                .setModel("m/x")
                .setRoute(new RouteFacts("auto", "static", "test", tier, 1, new ArrayList<>()))
                .setLatency(new Latency(queueMs, Math.max(0, totalMs - queueMs), totalMs))
                .build();
    }

    public static LlmResponse cached(String tenant, String tier, long totalMs, Instant at) {
        LlmResponse answer = ok(tenant, tier, 0, totalMs, at);
        answer.setCache(new CacheFacts(CacheOutcome.EXACT, null, "source", Money.ZERO));
        return answer;
    }

    /** A refusal at intake or admission: no tier, no latency. */
    public static LlmResponse rejected(String tenant, String code, Instant at) {
        return Responses.rejected("r-" + code + "-" + at.toEpochMilli(), tenant, code, "refused", Map.of(), at);
    }

    public static LlmResponse failed(String tenant, String tier, String code, long queueMs, long totalMs, Instant at) {
        LlmResponse answer = ok(tenant, tier, queueMs, totalMs, at);
        answer.setStatus(ResponseStatus.FAILED);
        answer.setError(new ErrorInfo(code, "every model failed"));
        return answer;
    }

    public static LlmResponse expired(String tenant, String tier, long waitedMs, Instant at) {
        LlmResponse answer = ok(tenant, tier, waitedMs, waitedMs, at);
        answer.setStatus(ResponseStatus.EXPIRED);
        answer.setError(new ErrorInfo("deadline_exceeded", "deadline passed"));
        return answer;
    }
}
