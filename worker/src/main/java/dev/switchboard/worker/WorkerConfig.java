package dev.switchboard.worker;

import dev.switchboard.schemas.Tier;
import dev.switchboard.worker.resilience.ResilienceConfig;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One worker pool: a group of models served together, with consumers and an in-flight limit per latency tier, so
 * batch work can never take the capacity interactive work needs. Validated at startup.
 *
 * @param groupId         the share group all workers join; records of a topic are spread over every member
 * @param models          the catalog ids this pool serves (it reads their route topics)
 * @param tiers           consumers and in-flight calls per tier; a tier with no consumers is not served here
 * @param providerTimeout the longest one provider call may take
 * @param batchApi        send the batch tier through the providers' batch APIs (at their discount) where they have one
 */
public record WorkerConfig(String groupId, String name, List<String> models, Map<Tier, TierCapacity> tiers, Duration providerTimeout,
                           ResilienceConfig resilience, boolean batchApi) {
    public static final String DEFAULT_GROUP = "switchboard-workers";
    public static final Duration DEFAULT_PROVIDER_TIMEOUT = Duration.ofSeconds(15);

    /** Share consumers of one tier, records each takes per poll, and calls in flight at most. */
    public record TierCapacity(int consumers, int maxPollRecords, int maxInFlight) {
        public TierCapacity {
            if (consumers < 0 || maxPollRecords < 1 || maxInFlight < 1) {
                throw new IllegalArgumentException("a tier needs consumers >= 0, maxPollRecords >= 1 and maxInFlight >= 1, got "
                        + consumers + ", " + maxPollRecords + ", " + maxInFlight);
            }
        }
    }

    public WorkerConfig {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(name, "name");
        models = List.copyOf(Objects.requireNonNull(models, "models"));
        if (models.isEmpty()) {
            throw new IllegalArgumentException("worker pool " + name + " must serve at least one model");
        }
        tiers = new EnumMap<>(Objects.requireNonNull(tiers, "tiers"));
        if (tiers.values().stream().allMatch(t -> t.consumers() == 0)) {
            throw new IllegalArgumentException("worker pool " + name + " has no consumers in any tier");
        }
        if (providerTimeout == null || providerTimeout.isNegative() || providerTimeout.isZero()) {
            throw new IllegalArgumentException("providerTimeout must be positive, got " + providerTimeout);
        }
        Objects.requireNonNull(resilience, "resilience");
    }

    /** Interactive first: its own consumers and a reserved share of calls; batch the smallest share. */
    public static WorkerConfig defaults(List<String> models) {
        Map<Tier, TierCapacity> tiers = new EnumMap<>(Tier.class);
        tiers.put(Tier.INTERACTIVE, new TierCapacity(2, 32, 64));
        tiers.put(Tier.STANDARD, new TierCapacity(4, 64, 512));
        tiers.put(Tier.BATCH, new TierCapacity(2, 32, 64));
        return new WorkerConfig(DEFAULT_GROUP, "default", models, tiers, DEFAULT_PROVIDER_TIMEOUT, ResilienceConfig.defaults(), true);
    }

    public WorkerConfig withGroup(String group) {
        return new WorkerConfig(group, name, models, tiers, providerTimeout, resilience, batchApi);
    }

    public WorkerConfig withProviderTimeout(Duration timeout) {
        return new WorkerConfig(groupId, name, models, tiers, timeout, resilience, batchApi);
    }

    public WorkerConfig withResilience(ResilienceConfig config) {
        return new WorkerConfig(groupId, name, models, tiers, providerTimeout, config, batchApi);
    }

    public WorkerConfig withTiers(Map<Tier, TierCapacity> capacities) {
        return new WorkerConfig(groupId, name, models, capacities, providerTimeout, resilience, batchApi);
    }

    public WorkerConfig withBatchApi(boolean use) {
        return new WorkerConfig(groupId, name, models, tiers, providerTimeout, resilience, use);
    }

    /** How long one record may take at most: every try with its timeout and the longest backoffs between them. */
    public Duration worstCaseCall() {
        return providerTimeout.multipliedBy(resilience.maxAttempts())
                .plus(resilience.maxRetryAfter().multipliedBy(Math.max(0, resilience.maxAttempts() - 1)));
    }
}
