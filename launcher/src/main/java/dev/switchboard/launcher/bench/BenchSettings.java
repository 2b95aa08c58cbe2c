package dev.switchboard.launcher.bench;

import dev.switchboard.schemas.Tier;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What one {@code switchboard bench} run does: an open-loop phase at a constant rate (skipped when the rate is 0),
 * then a flood phase (skipped when the flood is 0): {@code floodSize} requests of one tier at once, and probes of
 * another tier at a fixed interval while it drains.
 *
 * @param tierMix        weights per tier for the constant-rate phase
 * @param cache          false: every request says {@code cache.no_cache}, so neither reads nor fills the cache
 * @param warmUp         load at the same rate before the measured phase, not reported (JIT, caches, consumer assignment)
 * @param relay          also run the bare Kafka relay at the same rate, for the ratios
 * @param drainTimeout   how long to wait for answers after the last send of a phase
 * @param frontDoor      where Switchboard's requests go: each tier's own topic, as a client that knows the tier sends
 *                       them, or {@code llm.requests} through the triage
 */
public record BenchSettings(double rate, Duration duration, Duration warmUp, Map<Tier, Integer> tierMix, boolean cache, int floodSize, Tier floodTier,
                            Tier probeTier, Duration probeInterval, boolean relay, RelayConsumer relayConsumer, Duration drainTimeout,
                            String model, String tenant, int maxTokens, FrontDoor frontDoor) {
    public static final String DEFAULT_MODEL = "sim/small";
    /** A tenant no config names, so the default policy applies. */
    public static final String DEFAULT_TENANT = "bench";
    public static final int DEFAULT_MAX_TOKENS = 64;

    /** How the relay baseline reads its requests: a share group (as the workers do) or a classic consumer group. */
    public enum RelayConsumer { SHARE, CLASSIC }

    /** {@code TIER_TOPICS}: llm.requests.&lt;tier&gt;, each tier from its own producer; {@code REQUESTS}: llm.requests, one producer. */
    public enum FrontDoor { TIER_TOPICS, REQUESTS }

    public BenchSettings {
        if (rate < 0 || Double.isNaN(rate) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("--rate must be a finite number >= 0, got " + rate);
        }
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative() || (rate > 0 && duration.isZero())) {
            throw new IllegalArgumentException("--duration must be positive, got " + duration);
        }
        Objects.requireNonNull(warmUp, "warmUp");
        if (warmUp.isNegative()) {
            throw new IllegalArgumentException("--warmup must be >= 0, got " + warmUp);
        }
        tierMix = Collections.unmodifiableMap(new EnumMap<>(Objects.requireNonNull(tierMix, "tierMix")));
        if (tierMix.isEmpty() || tierMix.values().stream().anyMatch(w -> w < 0) || tierMix.values().stream().mapToInt(Integer::intValue).sum() == 0) {
            throw new IllegalArgumentException("--tiers needs at least one positive weight, got " + tierMix);
        }
        if (floodSize < 0) {
            throw new IllegalArgumentException("--flood must be >= 0, got " + floodSize);
        }
        Objects.requireNonNull(floodTier, "floodTier");
        Objects.requireNonNull(probeTier, "probeTier");
        Objects.requireNonNull(probeInterval, "probeInterval");
        if (probeInterval.isNegative() || probeInterval.isZero()) {
            throw new IllegalArgumentException("--probe-interval must be positive, got " + probeInterval);
        }
        Objects.requireNonNull(relayConsumer, "relayConsumer");
        Objects.requireNonNull(frontDoor, "frontDoor");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(tenant, "tenant");
        if (maxTokens <= 0) {
            throw new IllegalArgumentException("--max-tokens must be positive, got " + maxTokens);
        }
        if (rate == 0 && floodSize == 0) {
            throw new IllegalArgumentException("nothing to run: give --rate above 0, --flood above 0, or both");
        }
    }

    /** Requests of the constant-rate phase. */
    public int rateRequests() {
        return (int) Math.round(rate * duration.toNanos() / 1e9);
    }

    /** Requests of the unreported warm-up before the constant-rate phase. */
    public int warmUpRequests() {
        return (int) Math.round(rate * warmUp.toNanos() / 1e9);
    }

    /** The tier mix as it is written on the command line. */
    public String tierMixSpec() {
        return tierMix.entrySet().stream().map(e -> e.getKey().name().toLowerCase(Locale.ROOT) + ":" + e.getValue())
                .collect(Collectors.joining(","));
    }

    /** Probes sent during the flood: one per interval over the duration (at least one). */
    public int probes() {
        return (int) Math.max(1, duration.toNanos() / probeInterval.toNanos());
    }

    /** {@code standard}, or weights such as {@code interactive:1,standard:8,batch:1}. */
    public static Map<Tier, Integer> parseTierMix(String spec) {
        Map<Tier, Integer> mix = new EnumMap<>(Tier.class);
        for (String part : spec.split(",")) {
            String[] nameWeight = part.trim().split(":");
            int weight = nameWeight.length > 1 ? Integer.parseInt(nameWeight[1].trim()) : 1;
            mix.merge(parseTier(nameWeight[0]), weight, Integer::sum);
        }
        return mix;
    }

    public static Tier parseTier(String name) {
        try {
            return Tier.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown tier " + name + " (interactive, standard, batch)", e);
        }
    }
}
