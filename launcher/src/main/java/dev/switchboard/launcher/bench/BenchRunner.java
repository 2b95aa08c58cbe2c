package dev.switchboard.launcher.bench;

import dev.switchboard.launcher.Component;
import dev.switchboard.launcher.SwitchboardSystem;
import dev.switchboard.launcher.config.SwitchboardConfig;
import dev.switchboard.schemas.Tier;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import dev.switchboard.simulator.SimulatedProvider;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * {@code switchboard bench}: the bare relay and Switchboard (started here with an embedded broker, or a running
 * cluster) under the same open-loop load, one after the other on the same machine, then the flood with its probes.
 * Each target is warmed up with a few answered requests first (share-group assignment takes a heartbeat or two).
 */
public final class BenchRunner {
    private static final Duration WARM_UP_TIMEOUT = Duration.ofSeconds(120);
    /** After the last answer, how long a duplicate still has to show up to be counted. */
    private static final Duration DUPLICATE_GRACE = Duration.ofSeconds(1);
    private static final String PHASE_WARM_UP = "warmup";

    private final SwitchboardConfig config;
    private final BenchSettings settings;
    private final PrintStream out;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final long startedNanos = System.nanoTime();

    public BenchRunner(SwitchboardConfig config, BenchSettings settings, PrintStream out) {
        this.config = config;
        this.settings = settings;
        this.out = out;
    }

    public BenchReport run() throws Exception {
        boolean embedded = config.kafka().embedded();
        out.printf(Locale.ROOT, "switchboard bench %s: %s%n", run, embedded ? "starting the embedded system (broker, router, workers, cost, simulator)"
                : "against the cluster at " + config.kafka().bootstrapServers());
        try (SwitchboardSystem system = embedded ? SwitchboardSystem.start(config, EnumSet.allOf(Component.class)) : null;
             SimulatedProvider ownSimulator = system != null && system.simulator().isPresent() ? null
                     : settings.relay() ? SimulatedProvider.start(config.simulator().toConfig()) : null) {
            String bootstrap = embedded ? system.bootstrapServers() : config.kafka().bootstrapServers();
            SwitchboardSerdes serdes = embedded ? system.serdes() : SwitchboardSerdes.forUrl(config.registry().url());
            progress("system ready%n");
            List<BenchRow> rows = new ArrayList<>();
            // The relay goes first, on an idle system: a Switchboard phase that ends with answers still owed keeps
            // working on them, and would slow a baseline measured after it.
            if (settings.rate() > 0 && settings.relay()) {
                URI simulator = ownSimulator != null ? ownSimulator.baseUri() : system.simulator().orElseThrow().baseUri();
                AnswerTracker relayAnswers = new AnswerTracker();
                try (BenchTarget relay = new RelayTarget(bootstrap, simulator, config.kafka().partitions(), run, settings, relayAnswers)) {
                    warmUp(relay, relayAnswers, Set.of(Tier.STANDARD));
                    rows.addAll(ratePhase(relay, relayAnswers));
                }
            }
            AnswerTracker answers = new AnswerTracker();
            try (BenchTarget switchboard = new SwitchboardTarget(bootstrap, serdes, settings, answers)) {
                warmUp(switchboard, answers, tiersUsed());
                if (settings.rate() > 0) {
                    rows.addAll(0, ratePhase(switchboard, answers));
                }
                if (settings.floodSize() > 0) {
                    rows.addAll(floodPhase(switchboard, answers));
                }
            }
            return new BenchReport(run, setup(embedded), rows);
        }
    }

    /** Every tier the run sends on: each is warmed up before anything is measured. */
    private Set<Tier> tiersUsed() {
        Set<Tier> tiers = new LinkedHashSet<>();
        if (settings.rate() > 0) {
            tiers.addAll(settings.tierMix().keySet());
        }
        if (settings.floodSize() > 0) {
            tiers.add(settings.floodTier());
            tiers.add(settings.probeTier());
        }
        return tiers;
    }

    private Map<String, Object> setup(boolean embedded) {
        Map<String, Object> setup = new LinkedHashMap<>();
        setup.put("mode", embedded ? "embedded" : "cluster");
        setup.put("cache", settings.cache() ? "on" : "off");
        setup.put("sim_latency_scale", embedded ? config.simulator().latencyScale() : "cluster's");
        setup.put("model", settings.model());
        setup.put("cores", Runtime.getRuntime().availableProcessors());
        setup.put("front_door", settings.frontDoor() == BenchSettings.FrontDoor.REQUESTS ? "llm.requests" : "llm.requests.<tier>");
        if (settings.rate() > 0) {
            setup.put("rate", settings.rate());
            setup.put("duration_s", settings.duration().toMillis() / 1000.0);
            setup.put("tiers", settings.tierMixSpec());
            setup.put("warmup_s", settings.warmUp().toMillis() / 1000.0);
            setup.put("relay", settings.relay() ? settings.relayConsumer().name().toLowerCase(Locale.ROOT) : "off");
        }
        if (settings.floodSize() > 0) {
            setup.put("flood", settings.floodSize() + " " + tierName(settings.floodTier()));
            setup.put("probes", settings.probes() + " " + tierName(settings.probeTier()) + " every " + settings.probeInterval().toMillis() + " ms");
        }
        return setup;
    }

    private List<BenchRow> ratePhase(BenchTarget target, AnswerTracker tracker) throws Exception {
        List<Tier> cycle = tierCycle(settings.tierMix());
        if (settings.warmUpRequests() > 0) {
            Timeline warmUp = Timeline.now();
            String phase = PHASE_WARM_UP + "-rate";
            OpenLoopSender.atRate(settings.warmUpRequests(), settings.rate(), warmUp.originNanos(),
                    (i, intended) -> send(target, tracker, phase, i, cycle.get(i % cycle.size()), warmUp, intended));
            target.flush();
            drain(target, tracker);
            progress("%s: warm-up load done (%d requests, not reported)%n", target.name(), settings.warmUpRequests());
        }
        int count = settings.rateRequests();
        progress("%s: %d requests at %.0f/s over %.0f s, open loop%n", target.name(), count, settings.rate(),
                settings.duration().toMillis() / 1000.0);
        Timeline timeline = Timeline.now();
        OpenLoopSender.atRate(count, settings.rate(), timeline.originNanos(),
                (i, intended) -> send(target, tracker, BenchReport.PHASE_RATE, i, cycle.get(i % cycle.size()), timeline, intended));
        target.flush();
        drain(target, tracker);
        List<BenchRow> rows = new ArrayList<>();
        if (target.name().equals(SwitchboardTarget.NAME)) {
            for (Tier tier : new LinkedHashSet<>(cycle)) {
                rows.add(BenchRow.of(BenchReport.PHASE_RATE, target.name(), tracker.outcome(BenchReport.PHASE_RATE, tierName(tier))));
            }
        }
        rows.add(BenchRow.of(BenchReport.PHASE_RATE, target.name(), tracker.outcome(BenchReport.PHASE_RATE, null)));
        return rows;
    }

    /** The flood goes out all at once on one thread while the probes go out on schedule on another. */
    private List<BenchRow> floodPhase(BenchTarget target, AnswerTracker tracker) throws Exception {
        progress("%s: %d %s requests at once, then %d %s probes every %d ms%n", target.name(), settings.floodSize(),
                tierName(settings.floodTier()), settings.probes(), tierName(settings.probeTier()), settings.probeInterval().toMillis());
        Timeline timeline = Timeline.now();
        long start = timeline.originNanos() + Duration.ofMillis(50).toNanos();
        Thread flood = new Thread(() -> {
            OpenLoopSender.allAt(settings.floodSize(), start,
                    (i, intended) -> send(target, tracker, BenchReport.PHASE_FLOOD, i, settings.floodTier(), timeline, intended));
            target.flush();
        }, "bench-flood");
        flood.start();
        OpenLoopSender.atRate(settings.probes(), 1e9 / settings.probeInterval().toNanos(), start,
                (i, intended) -> send(target, tracker, BenchReport.PHASE_PROBES, i, settings.probeTier(), timeline, intended));
        target.flush();
        flood.join();
        drain(target, tracker);
        return List.of(BenchRow.of(BenchReport.PHASE_FLOOD, target.name(), tracker.outcome(BenchReport.PHASE_FLOOD, tierName(settings.floodTier()))),
                BenchRow.of(BenchReport.PHASE_PROBES, target.name(), tracker.outcome(BenchReport.PHASE_PROBES, tierName(settings.probeTier()))));
    }

    private void send(BenchTarget target, AnswerTracker tracker, String phase, int i, Tier tier, Timeline timeline, long intendedNanos) {
        String id = BenchPrompts.requestId(run, phase, i);
        tracker.sent(id, phase, tierName(tier), intendedNanos);
        target.send(id, tier, BenchPrompts.prompt(run, phase, i), timeline.wallMillis(intendedNanos));
    }

    /** One answered request per tier before measuring: the first ones wait for consumers to be assigned. */
    private void warmUp(BenchTarget target, AnswerTracker tracker, Set<Tier> tiers) throws InterruptedException {
        Timeline timeline = Timeline.now();
        int i = 0;
        for (Tier tier : tiers) {
            send(target, tracker, PHASE_WARM_UP + "-" + UUID.randomUUID().toString().substring(0, 4), i++, tier, timeline, System.nanoTime());
        }
        target.flush();
        if (!tracker.awaitAll(WARM_UP_TIMEOUT)) {
            throw new IllegalStateException(target.name() + " did not answer its warm-up requests within " + WARM_UP_TIMEOUT);
        }
        progress("%s: warmed up (%d tiers answered)%n", target.name(), tiers.size());
    }

    private void progress(String format, Object... args) {
        out.printf(Locale.ROOT, "  [%5.1f s] " + format, Stream.concat(Stream.of((System.nanoTime() - startedNanos) / 1e9), Stream.of(args)).toArray());
    }

    private void drain(BenchTarget target, AnswerTracker tracker) throws InterruptedException {
        if (!tracker.awaitAll(settings.drainTimeout())) {
            progress("%s: not every answer arrived within %d s of the last send%n", target.name(), settings.drainTimeout().toSeconds());
        } else {
            progress("%s: every answer in%n", target.name());
        }
        Thread.sleep(DUPLICATE_GRACE.toMillis());
    }

    /** Tiers in proportion to their weights, cycled through request by request. */
    static List<Tier> tierCycle(Map<Tier, Integer> mix) {
        List<Tier> cycle = new ArrayList<>();
        int max = mix.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        for (int round = 0; round < max; round++) {
            for (Map.Entry<Tier, Integer> e : mix.entrySet()) {
                if (round < e.getValue()) {
                    cycle.add(e.getKey());
                }
            }
        }
        return cycle;
    }

    static String tierName(Tier tier) {
        return tier.name().toLowerCase(Locale.ROOT);
    }
}
