package dev.switchboard.cost;

import dev.switchboard.schemas.Attribution;
import dev.switchboard.schemas.Money;
import dev.switchboard.schemas.Tier;
import dev.switchboard.schemas.Usage;
import dev.switchboard.schemas.UsageEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** Builds usage events for tests. */
final class UsageEvents {
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private UsageEvents() {
    }

    static UsageEvent usage(String tenant, String model, BigDecimal cost, BigDecimal baseline,
            int input, int output, int cached, Instant occurredAt) {
        String requestId = "req-" + SEQUENCE.incrementAndGet();
        return UsageEvent.newBuilder()
                .setEventId(requestId + ":1:" + model)
                .setRequestId(requestId)
                .setTenant(tenant)
                .setAttribution(Attribution.newBuilder().build())
                .setModel(model)
                .setProvider(model.substring(0, model.indexOf('/')))
                .setTier(Tier.STANDARD)
                .setAttempt(1)
                .setSuccess(true)
                .setUsage(Usage.newBuilder().setInputTokens(input).setOutputTokens(output).setCachedInputTokens(cached)
                        .setReasoningTokens(0).build())
                .setCost(Money.of(cost))
                .setBaselineCost(Money.of(baseline))
                .setPriceKnown(true)
                .setSimulated(true)
                .setOccurredAt(occurredAt)
                .setCacheOutcome(null)
                .setCostSaved(Money.ZERO)
                .setRequestedModel("auto")
                .setBatchSaved(Money.ZERO)
                .build();
    }

    static UsageEvent usage(String tenant, String model, String cost, Instant occurredAt) {
        return usage(tenant, model, new BigDecimal(cost), new BigDecimal(cost), 10, 5, 2, occurredAt);
    }

    /** A provider call with its baseline cost and attribution (any of team, project, feature, key may be null). */
    static UsageEvent call(String tenant, String model, String cost, String baseline, Instant occurredAt,
            String team, String project, String feature, String keyId) {
        UsageEvent event = usage(tenant, model, new BigDecimal(cost), new BigDecimal(baseline), 10, 5, 2, occurredAt);
        event.setAttribution(Attribution.newBuilder().setTeam(team).setProject(project).setFeature(feature)
                .setKeyId(keyId).build());
        return event;
    }

    /** An answer from the router's cache: no call, no cost, {@code saved} saved; the source's baseline, as the router sends. */
    static UsageEvent cacheAnswer(String tenant, String model, String saved, String sourceBaseline, Instant occurredAt,
            String team, String feature) {
        UsageEvent event = call(tenant, model, "0", sourceBaseline, occurredAt, team, null, feature, null);
        event.setUsage(Usage.newBuilder().setInputTokens(0).setOutputTokens(0).setCachedInputTokens(0).setReasoningTokens(0).build());
        event.setProvider("cache");
        event.setCacheOutcome("EXACT");
        event.setCostSaved(Money.of(saved));
        return event;
    }
}
