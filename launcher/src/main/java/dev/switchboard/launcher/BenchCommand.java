package dev.switchboard.launcher;

import dev.switchboard.launcher.bench.BenchReport;
import dev.switchboard.launcher.bench.BenchRunner;
import dev.switchboard.launcher.bench.BenchSettings;
import dev.switchboard.launcher.config.SwitchboardConfig;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code switchboard bench}: open-loop load and a flood against Switchboard, with a bare Kafka relay as the baseline. */
@Command(name = "bench", description = {"Open-loop load (a constant rate, sent on schedule whatever the answers do) and a flood of one tier with probes of",
        "another, against the embedded system (default) or a running cluster (--bootstrap-servers), with a bare Kafka relay",
        "(producer -> topic -> share consumers -> the same simulator -> topic) at the same rate for the ratios.",
        "Prints a table per phase, system and tier; the last line is JSON. Exit code 1 when a request did not get exactly one answer."})
final class BenchCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Option(names = "--rate", defaultValue = "200", description = "Requests per second of the constant-rate phase; 0 skips it (default ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--duration", defaultValue = "20", description = "Seconds of the constant-rate phase, and of the probes (default ${DEFAULT-VALUE})")
    double durationSeconds;

    @Option(names = "--warmup", defaultValue = "3", description = "Seconds of load at --rate before the measured phase, not reported (default ${DEFAULT-VALUE})")
    double warmUpSeconds;

    @Option(names = "--tiers", defaultValue = "standard", description = "Tier mix of the constant-rate phase, e.g. interactive:1,standard:8,batch:1 (default ${DEFAULT-VALUE})")
    String tiers;

    @Option(names = "--cache", defaultValue = "off", description = "on: requests may use the cache (every one a semantic miss from one template); off: each says cache.no_cache (default ${DEFAULT-VALUE})")
    String cache;

    @Option(names = "--flood", defaultValue = "0", description = "Requests of --flood-tier sent at once after the constant-rate phase; 0 skips it (default ${DEFAULT-VALUE})")
    int flood;

    @Option(names = "--flood-tier", defaultValue = "batch", description = "default ${DEFAULT-VALUE}")
    String floodTier;

    @Option(names = "--probe-tier", defaultValue = "interactive", description = "default ${DEFAULT-VALUE}")
    String probeTier;

    @Option(names = "--probe-interval-ms", defaultValue = "100", description = "One probe every this many ms for --duration seconds (default ${DEFAULT-VALUE})")
    long probeIntervalMs;

    @Option(names = "--sim-latency-scale", description = "Embedded simulator latency: 1 = default model latencies, 0 = none (default: the config's)")
    Double simLatencyScale;

    @Option(names = "--relay", defaultValue = "share", description = "Relay baseline's consumer: share, classic, or off (default ${DEFAULT-VALUE})")
    String relay;

    @Option(names = "--drain-timeout", defaultValue = "120", description = "Seconds to wait for answers after a phase's last send (default ${DEFAULT-VALUE})")
    long drainTimeoutSeconds;

    @Option(names = "--model", defaultValue = BenchSettings.DEFAULT_MODEL, description = "default ${DEFAULT-VALUE}")
    String model;

    @Option(names = "--tenant", defaultValue = BenchSettings.DEFAULT_TENANT, description = "A tenant on the default policy unless the config names it (default ${DEFAULT-VALUE})")
    String tenant;

    @Option(names = "--max-tokens", defaultValue = "" + BenchSettings.DEFAULT_MAX_TOKENS, description = "default ${DEFAULT-VALUE}")
    int maxTokens;

    @Option(names = "--front-door", defaultValue = "tier-topics", description = "Where requests go: tier-topics (llm.requests.<tier>, a producer per tier, "
            + "as a client that knows its tier sends) or requests (llm.requests, one producer, through the triage) (default ${DEFAULT-VALUE})")
    String frontDoor;

    @Override
    public Integer call() throws Exception {
        SwitchboardConfig config = options.load();
        if (config.kafka().embedded()) {
            // Every listener on a free port: a bench must not collide with a system already running here.
            config = config.withPorts(0, 0, 0, -1);
        } else if (config.registry().inMemory()) {
            throw new IllegalArgumentException("against a cluster, give its schema registry with --registry-url: an in-memory one in this "
                    + "process cannot read the cluster's answers (the embedded system's registry is served at http://127.0.0.1:8085)");
        }
        if (simLatencyScale != null) {
            config = config.withSimulator(new SwitchboardConfig.SimulatorSettings(config.simulator().port(), simLatencyScale, config.simulator().faults()));
        }
        BenchReport report = new BenchRunner(config, settings(), System.out).run();
        System.out.print(report.render());
        return report.exactlyOnce() ? 0 : 1;
    }

    BenchSettings settings() {
        boolean relayOn = !relay.equalsIgnoreCase("off");
        BenchSettings.RelayConsumer consumer = relayOn ? BenchSettings.RelayConsumer.valueOf(relay.toUpperCase(Locale.ROOT)) : BenchSettings.RelayConsumer.SHARE;
        return new BenchSettings(rate, Duration.ofMillis(Math.round(durationSeconds * 1000)),
                Duration.ofMillis(Math.round(warmUpSeconds * 1000)), BenchSettings.parseTierMix(tiers), onOff("--cache", cache),
                flood, BenchSettings.parseTier(floodTier), BenchSettings.parseTier(probeTier), Duration.ofMillis(probeIntervalMs), relayOn, consumer,
                Duration.ofSeconds(drainTimeoutSeconds), model, tenant, maxTokens,
                BenchSettings.FrontDoor.valueOf(frontDoor.toUpperCase(Locale.ROOT).replace('-', '_')));
    }

    private static boolean onOff(String option, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw new IllegalArgumentException(option + " must be on or off, got " + value);
        };
    }
}
