package dev.switchboard.worker;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The worker pool's settings, validated at startup.
 *
 * @param groupId         the share group all worker processes join; records are spread over every member
 * @param models          the catalog ids this pool serves (it reads their route topics for every tier)
 * @param consumerThreads share consumers per process; each holds one polled batch at a time
 * @param maxPollRecords  records one consumer takes per poll
 * @param maxInFlight     provider calls in flight at once across the process
 * @param providerTimeout the longest a provider call may take; must stay below the share group's record lock
 */
public record WorkerConfig(String groupId, List<String> models, int consumerThreads, int maxPollRecords,
                           int maxInFlight, Duration providerTimeout) {
    public static final String DEFAULT_GROUP = "switchboard-workers";
    /** The broker's default acquisition lock is 30 s; provider calls must finish (or fail) inside it. */
    public static final Duration DEFAULT_PROVIDER_TIMEOUT = Duration.ofSeconds(25);

    public WorkerConfig {
        Objects.requireNonNull(groupId, "groupId");
        models = List.copyOf(Objects.requireNonNull(models, "models"));
        if (models.isEmpty()) {
            throw new IllegalArgumentException("models must name at least one model");
        }
        positive(consumerThreads, "consumerThreads");
        positive(maxPollRecords, "maxPollRecords");
        positive(maxInFlight, "maxInFlight");
        if (providerTimeout == null || providerTimeout.isNegative() || providerTimeout.isZero()) {
            throw new IllegalArgumentException("providerTimeout must be positive, got " + providerTimeout);
        }
    }

    public static WorkerConfig defaults(List<String> models) {
        return new WorkerConfig(DEFAULT_GROUP, models, 4, 100, 256, DEFAULT_PROVIDER_TIMEOUT);
    }

    private static void positive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
