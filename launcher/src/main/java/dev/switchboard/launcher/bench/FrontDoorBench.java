package dev.switchboard.launcher.bench;

import dev.switchboard.launcher.Component;
import dev.switchboard.launcher.SwitchboardSystem;
import dev.switchboard.launcher.config.SwitchboardConfig;
import dev.switchboard.schemas.Tier;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What the front door costs: the same open-loop load, cache off, sent to one embedded Switchboard straight through
 * Kafka ({@link ClientTarget}) and through the OpenAI-compatible gateway ({@link OpenAiHttpTarget}), and, when node and
 * {@code benchmarks/portkey} are there, through Portkey's gateway in front of the same simulator. The targets take
 * turns within each round and the rounds repeat, so the machine's noise falls on all of them alike. Run by
 * {@code ./benchmarks/run doors}; figures are printed, nothing is asserted.
 */
public final class FrontDoorBench {
    private static final Duration WARM_UP_TIMEOUT = Duration.ofSeconds(120);

    private final SwitchboardConfig config;
    private final Options options;
    private final PrintStream out;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    /**
     * @param portkeyDir where {@code npm ci} installed Portkey; null: no peer
     * @param partitions of Switchboard's topics; 0: the default settings' count
     */
    record Options(List<Double> rates, Duration duration, Duration warmUp, int rounds, String model, int maxTokens, Path portkeyDir,
                   int partitions) {
        static Options parse(String[] args) {
            Map<String, String> given = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("expected --name value pairs, got " + String.join(" ", args));
                }
                given.put(args[i].substring(2), args[++i]);
            }
            List<Double> rates = new ArrayList<>();
            for (String rate : given.getOrDefault("rates", "100,500").split(",")) {
                rates.add(Double.parseDouble(rate.trim()));
            }
            String portkey = given.getOrDefault("portkey", "none");
            return new Options(rates, Duration.ofSeconds(Long.parseLong(given.getOrDefault("duration", "20"))),
                    Duration.ofSeconds(Long.parseLong(given.getOrDefault("warmup", "5"))), Integer.parseInt(given.getOrDefault("rounds", "2")),
                    given.getOrDefault("model", BenchSettings.DEFAULT_MODEL), Integer.parseInt(given.getOrDefault("max-tokens", "64")),
                    portkey.equals("none") ? null : Path.of(portkey), Integer.parseInt(given.getOrDefault("partitions", "0")));
        }
    }

    FrontDoorBench(SwitchboardConfig config, Options options, PrintStream out) {
        this.config = config;
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) {
        Options options = Options.parse(args);
        // Cache off, so the semantic cache's embedding model is not loaded; ports are ephemeral. --partitions: fewer
        // partitions let the router's Streams apps start within their limit on a crowded machine.
        SwitchboardConfig config = SwitchboardConfig.load(null).withPorts(0, 0, 0, -1, 0)
                .withEmbeddings(new SwitchboardConfig.EmbeddingSettings("none"));
        if (options.partitions() > 0) {
            SwitchboardConfig.KafkaSettings kafka = config.kafka();
            config = config.withKafka(new SwitchboardConfig.KafkaSettings(kafka.bootstrapServers(), kafka.dataDir(), options.partitions(),
                    kafka.embeddedPort()));
        }
        int status = 0;
        try {
            new FrontDoorBench(config, options, System.out).run();
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status); // what a failed start leaves running must not keep the JVM up
    }

    void run() throws Exception {
        out.printf(Locale.ROOT, "front-door bench %s: rates %s/s, %d s measured after %d s warm-up, %d rounds, model %s, cache off, load average %s%n",
                run, options.rates(), options.duration().toSeconds(), options.warmUp().toSeconds(), options.rounds(), options.model(), loadAverage());
        Optional<String> noPeer = options.portkeyDir() == null ? Optional.of("no --portkey directory given")
                : PortkeyGateway.unavailable(options.portkeyDir());
        noPeer.ifPresent(reason -> out.println("Portkey peer skipped: " + reason));
        Map<String, List<Double>> latencies = new LinkedHashMap<>();
        Map<String, int[]> counts = new LinkedHashMap<>();
        try (SwitchboardSystem system = SwitchboardSystem.start(config, EnumSet.allOf(Component.class));
             PortkeyGateway portkey = noPeer.isPresent() ? null
                     : PortkeyGateway.start(options.portkeyDir(), freePort(), Files.createTempFile("portkey-" + run, ".log"))) {
            URI simulator = system.simulator().orElseThrow().baseUri();
            URI gateway = system.gateway().orElseThrow().baseUri();
            int maxInFlight = config.gatewayConfig().maxInFlight();
            out.printf(Locale.ROOT, "system ready: gateway %s, simulator %s%s%n", gateway, simulator,
                    portkey == null ? "" : ", Portkey " + portkey.baseUri());
            for (int round = 1; round <= options.rounds(); round++) {
                for (double rate : options.rates()) {
                    BenchSettings settings = settings(rate);
                    List<String> order = new ArrayList<>(List.of(ClientTarget.NAME, "gateway-http"));
                    if (portkey != null) {
                        order.add(PortkeyGateway.NAME);
                    }
                    if (round % 2 == 0) {
                        java.util.Collections.reverse(order);
                    }
                    for (String name : order) {
                        AnswerTracker tracker = new AnswerTracker();
                        try (BenchTarget target = switch (name) {
                            case ClientTarget.NAME -> new ClientTarget(system.bootstrapServers(), system.serdes(), settings, maxInFlight, tracker);
                            case PortkeyGateway.NAME -> portkey.target(simulator, settings, tracker);
                            default -> OpenAiHttpTarget.gateway(gateway, settings, tracker);
                        }) {
                            AnswerTracker.Outcome outcome = measure(target, tracker, settings, round);
                            String key = key(rate, name);
                            List<Double> ms = latencies.computeIfAbsent(key, k -> new ArrayList<>());
                            int[] c = counts.computeIfAbsent(key, k -> new int[3]);
                            c[0] += outcome.sent();
                            for (AnswerTracker.Answered a : outcome.answered()) {
                                if (a.answer().status().equals(BenchRow.OK)) {
                                    ms.add(a.endToEndNanos() / 1e6);
                                    c[1]++;
                                } else {
                                    c[2]++;
                                }
                            }
                            LatencySummary s = LatencySummary.ofMillis(outcome.answered().stream().map(a -> a.endToEndNanos() / 1e6).toList());
                            out.printf(Locale.ROOT, "  round %d %4.0f/s %-13s sent %5d answered %5d p50 %7.1f ms p99 %7.1f ms  (load %s)%n", round, rate,
                                    name, outcome.sent(), outcome.answered().size(), s.p50(), s.p99(), loadAverage());
                        }
                    }
                }
            }
        }
        report(latencies, counts);
    }

    private AnswerTracker.Outcome measure(BenchTarget target, AnswerTracker tracker, BenchSettings settings, int round) throws InterruptedException {
        String prefix = run + "-r" + round + "-" + target.name() + "-" + (int) settings.rate();
        Timeline warm = Timeline.now();
        send(target, tracker, prefix, "warmup", settings.warmUpRequests(), settings.rate(), warm);
        tracker.awaitAll(WARM_UP_TIMEOUT);
        Timeline timeline = Timeline.now();
        send(target, tracker, prefix, BenchReport.PHASE_RATE, settings.rateRequests(), settings.rate(), timeline);
        if (!tracker.awaitAll(settings.drainTimeout())) {
            out.printf("  %s: not every answer arrived within %d s%n", target.name(), settings.drainTimeout().toSeconds());
        }
        return tracker.outcome(BenchReport.PHASE_RATE, null);
    }

    private static void send(BenchTarget target, AnswerTracker tracker, String prefix, String phase, int count, double rate, Timeline timeline) {
        OpenLoopSender.atRate(count, rate, timeline.originNanos(), (i, intended) -> {
            String id = BenchPrompts.requestId(prefix, phase, i);
            tracker.sent(id, phase, "standard", intended);
            target.send(id, Tier.STANDARD, BenchPrompts.prompt(prefix, phase, i), timeline.wallMillis(intended));
        });
        target.flush();
    }

    private void report(Map<String, List<Double>> latencies, Map<String, int[]> counts) {
        out.printf(Locale.ROOT, "%nfront door, cache off, every round pooled (end to end: intended send time to whole answer), load average %s%n", loadAverage());
        out.println("| rate/s | path | sent | OK | not OK | p50 ms | p99 ms |");
        out.println("|---|---|---|---|---|---|---|");
        for (Map.Entry<String, List<Double>> e : latencies.entrySet()) {
            LatencySummary s = LatencySummary.ofMillis(e.getValue());
            int[] c = counts.get(e.getKey());
            String[] rateName = e.getKey().split(" ", 2);
            out.printf(Locale.ROOT, "| %s | %s | %d | %d | %d | %.1f | %.1f |%n", rateName[0], rateName[1], c[0], c[1], c[2], s.p50(), s.p99());
        }
        for (double rate : options.rates()) {
            LatencySummary kafka = LatencySummary.ofMillis(latencies.getOrDefault(key(rate, ClientTarget.NAME), List.of()));
            LatencySummary http = LatencySummary.ofMillis(latencies.getOrDefault(key(rate, "gateway-http"), List.of()));
            out.printf(Locale.ROOT, "%.0f/s: the HTTP hop adds p50 %+.1f ms, p99 %+.1f ms%n", rate, http.p50() - kafka.p50(), http.p99() - kafka.p99());
            List<Double> peer = latencies.get(key(rate, PortkeyGateway.NAME));
            if (peer != null && !peer.isEmpty()) {
                LatencySummary p = LatencySummary.ofMillis(peer);
                out.printf(Locale.ROOT, "%.0f/s: Switchboard's gateway / Portkey: p50 %.2fx, p99 %.2fx%n", rate, http.p50() / p.p50(), http.p99() / p.p99());
            }
        }
    }

    private BenchSettings settings(double rate) {
        return new BenchSettings(rate, options.duration(), options.warmUp(), Map.of(Tier.STANDARD, 1), false, 0, Tier.STANDARD, Tier.STANDARD,
                Duration.ofSeconds(1), false, BenchSettings.RelayConsumer.SHARE, Duration.ofSeconds(60), options.model(), BenchSettings.DEFAULT_TENANT,
                options.maxTokens(), BenchSettings.FrontDoor.REQUESTS);
    }

    private static String key(double rate, String name) {
        return String.format(Locale.ROOT, "%.0f %s", rate, name);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
