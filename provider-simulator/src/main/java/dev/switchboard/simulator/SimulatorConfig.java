package dev.switchboard.simulator;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of a {@link SimulatedProvider}.
 *
 * @param port           TCP port on 127.0.0.1; 0 picks a free port
 * @param models         served models and their latency, in listing order. When empty, any model name is
 *                       accepted and served with {@code defaultLatency} (handy for pointing real model ids at
 *                       the simulator); otherwise unknown models get a 404.
 * @param defaultLatency latency for models accepted in the "any model" mode
 * @param faults         faults to inject; the first matching fault whose dice roll hits wins
 * @param seed           seeds fault decisions so runs are reproducible
 * @param batchCompletion how long an OpenAI batch or Anthropic message batch stays in progress before it is
 *                       completed/ended (default {@value #DEFAULT_BATCH_COMPLETION_MILLIS} ms; scaled by
 *                       {@link #withLatencyScale(double)})
 */
public record SimulatorConfig(int port, Map<String, ModelLatency> models, ModelLatency defaultLatency,
                              List<Fault> faults, long seed, Duration batchCompletion) {

    public static final long DEFAULT_BATCH_COMPLETION_MILLIS = 2_000;

    public SimulatorConfig {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be within [0, 65535]: " + port);
        }
        Objects.requireNonNull(models, "models must not be null");
        Objects.requireNonNull(defaultLatency, "defaultLatency must not be null");
        Objects.requireNonNull(faults, "faults must not be null");
        models.forEach((name, latency) -> {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("models must not contain a blank model name");
            }
            Objects.requireNonNull(latency, "models: latency of " + name + " must not be null");
        });
        faults.forEach(f -> Objects.requireNonNull(f, "faults must not contain null"));
        Objects.requireNonNull(batchCompletion, "batchCompletion must not be null");
        if (batchCompletion.isNegative()) {
            throw new IllegalArgumentException("batchCompletion must not be negative: " + batchCompletion);
        }
        // Keep insertion order so /v1/models lists models as configured.
        models = Collections.unmodifiableMap(new LinkedHashMap<>(models));
        faults = List.copyOf(faults);
    }

    /** The original five-setting form; the batch completion delay is the default. */
    public SimulatorConfig(int port, Map<String, ModelLatency> models, ModelLatency defaultLatency,
                           List<Fault> faults, long seed) {
        this(port, models, defaultLatency, faults, seed, Duration.ofMillis(DEFAULT_BATCH_COMPLETION_MILLIS));
    }

    /** sim/small, sim/large and sim/long on a free port, no faults, seed 42. */
    public static SimulatorConfig defaults() {
        Map<String, ModelLatency> models = new LinkedHashMap<>();
        models.put("sim/small", ModelLatency.ofMillis(40, 2));
        models.put("sim/large", ModelLatency.ofMillis(150, 8));
        models.put("sim/long", ModelLatency.ofMillis(250, 10));
        return new SimulatorConfig(0, models, ModelLatency.ofMillis(100, 5), List.of(), 42L);
    }

    public SimulatorConfig withPort(int newPort) {
        return new SimulatorConfig(newPort, models, defaultLatency, faults, seed, batchCompletion);
    }

    public SimulatorConfig withFaults(List<Fault> newFaults) {
        return new SimulatorConfig(port, models, defaultLatency, newFaults, seed, batchCompletion);
    }

    public SimulatorConfig withSeed(long newSeed) {
        return new SimulatorConfig(port, models, defaultLatency, faults, newSeed, batchCompletion);
    }

    /** Adds or replaces one model. */
    public SimulatorConfig withModel(String name, ModelLatency latency) {
        Map<String, ModelLatency> copy = new LinkedHashMap<>(models);
        copy.put(name, latency);
        return new SimulatorConfig(port, copy, defaultLatency, faults, seed, batchCompletion);
    }

    /**
     * Multiplies every latency, and the batch completion delay, by {@code factor}; 0 removes all delay, 0.01
     * makes it tiny.
     */
    public SimulatorConfig withLatencyScale(double factor) {
        Map<String, ModelLatency> scaled = new LinkedHashMap<>();
        models.forEach((name, latency) -> scaled.put(name, latency.scaled(factor)));
        ModelLatency scaledDefault = defaultLatency.scaled(factor); // validates factor: finite and >= 0
        Duration batch = Duration.ofNanos(Math.round(batchCompletion.toNanos() * factor));
        return new SimulatorConfig(port, scaled, scaledDefault, faults, seed, batch);
    }

    /** How long batches stay in progress before their results are available. */
    public SimulatorConfig withBatchCompletion(Duration newBatchCompletion) {
        return new SimulatorConfig(port, models, defaultLatency, faults, seed, newBatchCompletion);
    }

    /** Latency for {@code model}, or null when the model is not served. */
    ModelLatency latencyOf(String model) {
        if (models.isEmpty()) {
            return defaultLatency;
        }
        return models.get(model);
    }
}
