package dev.switchboard.launcher.chaos;

import dev.switchboard.kafka.cluster.ClusterLayout;
import dev.switchboard.kafka.cluster.LocalCluster;
import dev.switchboard.launcher.RegistryHttpServer;
import dev.switchboard.launcher.config.SwitchboardConfig;
import dev.switchboard.schemas.Money;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.serde.MockSchemaRegistry;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import dev.switchboard.simulator.SimulatedProvider;
import dev.switchboard.simulator.SimulatorConfig;
import dev.switchboard.worker.CrashPoints;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code switchboard chaos}: a three-broker cluster, two routers, two workers and the cost aggregator, each its own
 * JVM, under a steady mixed load, while the leader of {@code llm.requests}' first partition is killed with SIGKILL and
 * started again, one router is killed and started again, and one worker halts at random crash points (before the
 * provider call, between the call and the write, between the write and the acknowledgement) and is started again
 * each time. Then it waits for every answer and for the aggregator, and reports.
 *
 * <p>The simulated provider runs in this JVM, so its call count is exact; the schema registry too (its REST API is
 * what the components use). The semantic cache is off (no embedding model is loaded in five JVMs on a small machine):
 * paraphrases are answered by the provider.
 */
public final class ChaosRun {
    private static final Duration CLUSTER_START = Duration.ofMinutes(4);
    /** Five JVMs starting at once on two busy cores take minutes. */
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(10);
    /** What a component prints once it runs ({@code SwitchboardCommand.runComponents}). */
    private static final String RUNNING_LINE = "running on Kafka";
    private static final int BROKERS = 3;
    private static final String WARM_UP_PREFIX = "chaos-warmup-";

    /**
     * @param seconds how long the load runs; the kills happen within it
     * @param rate    records published per second
     */
    public record Settings(int seconds, double rate, long seed, Path dataDir, Duration drainTimeout) {
        public Settings {
            if (seconds < 20 || rate <= 0 || rate > 500) {
                throw new IllegalArgumentException("chaos needs --seconds >= 20 (the kills need room) and 0 < --rate <= 500, got "
                        + seconds + " and " + rate);
            }
        }
    }

    private final Settings settings;
    private final PrintStream out;
    private final Random random;
    private final List<ComponentProcess> processes = new ArrayList<>();

    private ChaosRun(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
        this.random = new Random(settings.seed());
    }

    public static ChaosReport run(Settings settings, PrintStream out) throws Exception {
        return new ChaosRun(settings, out).run();
    }

    private ChaosReport run() throws Exception {
        Files.createDirectories(settings.dataDir());
        String scope = "chaos-" + UUID.randomUUID();
        out.println("chaos: starting a " + BROKERS + "-broker cluster in " + settings.dataDir().resolve("cluster"));
        LocalCluster cluster = LocalCluster.up(new ClusterLayout(BROKERS, settings.dataDir().resolve("cluster"), ClusterLayout.freeBasePort(BROKERS)),
                CLUSTER_START);
        try (SimulatedProvider simulator = SimulatedProvider.start(SimulatorConfig.defaults().withLatencyScale(0.5));
             RegistryHttpServer registry = RegistryHttpServer.start(MockSchemaRegistry.scope(scope), 0)) {
            SwitchboardSerdes serdes = SwitchboardSerdes.forUrl(MockSchemaRegistry.SCHEME + scope);
            int costPort = freePort();
            ComponentProcess crashingWorker = startComponents(cluster.bootstrapServers(), registry.uri().toString(), simulator, costPort);
            try (AnswerLedger answers = new AnswerLedger(cluster.bootstrapServers(), serdes);
                 KafkaProducer<String, byte[]> producer = producer(cluster.bootstrapServers())) {
                warmUp(producer, answers);
                return load(cluster, producer, answers, crashingWorker, simulator, costPort, serdes);
            } finally {
                for (ComponentProcess process : processes) {
                    process.close();
                }
            }
        } finally {
            cluster.down();
        }
    }

    private ComponentProcess startComponents(String bootstrap, String registryUrl, SimulatedProvider simulator, int costPort) throws IOException {
        Path dir = settings.dataDir();
        String common = config(bootstrap, registryUrl, simulator, costPort);
        for (int i = 1; i <= 2; i++) {
            Path config = Files.writeString(dir.resolve("router-" + i + ".yaml"),
                    common.replace("dataDir: null ", "dataDir: " + dir.resolve("router-" + i) + " "));
            processes.add(new ComponentProcess("router-" + i, List.of("router", "--open"), config, "-Xmx512m", Map.of(), dir.resolve("router-" + i + ".log")));
        }
        Path workerConfig = Files.writeString(dir.resolve("worker.yaml"), common);
        processes.add(new ComponentProcess("worker-1", "worker", workerConfig, "-Xmx384m",
                Map.of(dev.switchboard.launcher.SwitchboardSystem.WORKER_INSTANCE_ENV, "chaos-worker-1"), dir.resolve("worker-1.log")));
        ComponentProcess crashing = new ComponentProcess("worker-2", "worker", workerConfig, "-Xmx384m", Map.of(
                dev.switchboard.launcher.SwitchboardSystem.WORKER_INSTANCE_ENV, "chaos-worker-2",
                CrashPoints.AT_ENV, "any", CrashPoints.AFTER_ENV, String.valueOf(crashAfter())), dir.resolve("worker-2.log"));
        processes.add(crashing);
        Path costConfig = Files.writeString(dir.resolve("cost.yaml"), common.replace("dataDir: null ", "dataDir: " + dir.resolve("cost") + " "));
        processes.add(new ComponentProcess("cost", "cost", costConfig, "-Xmx384m", Map.of(), dir.resolve("cost.log")));
        for (ComponentProcess process : processes) {
            process.start();
        }
        out.println("chaos: started " + processes.stream().map(ComponentProcess::name).toList() + " as separate JVMs; logs in " + dir);
        return crashing;
    }

    /**
     * The worker halts at its N-th arrival at any crash point (each record passes three): somewhere in its next
     * 20-80 records. Not more often: every halt hands its locked records back with one more delivery, and the share
     * group gives up on a record after five.
     */
    private int crashAfter() {
        return 60 + random.nextInt(180);
    }

    private void warmUp(KafkaProducer<String, byte[]> producer, AnswerLedger answers) throws Exception {
        Instant started = Instant.now();
        Set<String> ids = new HashSet<>();
        // Until both routers' lanes, the share group and the aggregator are up, a request waits; one per tenant.
        for (String tenant : ChaosWorkload.TENANTS) {
            String id = WARM_UP_PREFIX + tenant;
            ids.add(id);
            String json = "{\"request_id\":\"" + id + "\",\"tenant\":\"" + tenant + "\",\"model\":\"sim/small\",\"tier\":\"interactive\","
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"Are you there?\"}]}";
            producer.send(new ProducerRecord<>(Topics.REQUESTS, tenant, json.getBytes(StandardCharsets.UTF_8)));
        }
        producer.flush();
        Set<String> up = new HashSet<>();
        await(() -> {
            for (ComponentProcess process : processes) {
                if (!process.alive()) {
                    throw new IllegalStateException(process.name() + " exited while starting; its log: " + process.log());
                }
                if (!up.contains(process.name()) && process.logContains(RUNNING_LINE)) {
                    up.add(process.name());
                    out.printf("chaos: %s running after %.1f s%n", process.name(), Duration.between(started, Instant.now()).toMillis() / 1000.0);
                }
            }
            return answers.answered(ids) == ids.size();
        }, READY_TIMEOUT, "the warm-up requests were not answered (components running: " + up + ")");
        out.printf("chaos: system answering %.1f s after the components started%n", Duration.between(started, Instant.now()).toMillis() / 1000.0);
    }

    private ChaosReport load(LocalCluster cluster, KafkaProducer<String, byte[]> producer, AnswerLedger answers, ComponentProcess crashingWorker,
                             SimulatedProvider simulator, int costPort, SwitchboardSerdes serdes) throws Exception {
        ChaosWorkload workload = new ChaosWorkload(settings.seed());
        Set<String> ids = new HashSet<>();
        Map<String, Integer> kinds = new TreeMap<>();
        long startMs = System.currentTimeMillis();
        long endMs = startMs + settings.seconds() * 1000L;
        long leaderKillAt = startMs + settings.seconds() * 250L;
        long leaderBackAt = leaderKillAt + Math.max(10_000L, settings.seconds() * 100L);
        long routerKillAt = startMs + settings.seconds() * 550L;
        int killedBroker = -1;
        long leaderKilledMs = 0;
        boolean routerKilled = false;
        long published = 0;
        ComponentProcess router = processes.get(0);
        while (System.currentTimeMillis() < endMs) {
            long now = System.currentTimeMillis();
            if (killedBroker < 0 && leaderKilledMs == 0 && now >= leaderKillAt) {
                killedBroker = leaderOfRequests(cluster.bootstrapServers());
                cluster.kill(killedBroker);
                leaderKilledMs = System.currentTimeMillis();
                out.printf("chaos: t=%ds killed broker %d (SIGKILL), the leader of %s-0%n", (now - startMs) / 1000, killedBroker, Topics.REQUESTS);
            }
            if (killedBroker >= 0 && now >= leaderBackAt) {
                int broker = killedBroker;
                killedBroker = -1;
                // Restarting waits for the broker; the load goes on meanwhile.
                Thread restart = new Thread(() -> cluster.restart(broker, CLUSTER_START), "chaos-broker-restart");
                restart.setDaemon(true);
                restart.start();
                out.printf("chaos: t=%ds starting broker %d again%n", (now - startMs) / 1000, broker);
            }
            if (!routerKilled && now >= routerKillAt) {
                routerKilled = true;
                router.kill();
                router.start();
                out.printf("chaos: t=%ds killed %s (SIGKILL) and started it again%n", (now - startMs) / 1000, router.name());
            }
            superviseCrashingWorker(crashingWorker, true);
            long due = (long) ((now - startMs) / 1000.0 * settings.rate()) + 1;
            while (published < due) {
                ChaosWorkload.Item item = workload.next();
                ids.add(item.requestId());
                kinds.merge(item.kind(), 1, Integer::sum);
                producer.send(new ProducerRecord<>(Topics.REQUESTS, item.key(), item.value()));
                published++;
            }
            Thread.sleep(20);
        }
        producer.flush();
        long loadEndMs = System.currentTimeMillis();
        out.printf("chaos: published %d records over %d s: %s; waiting for every answer%n", ids.size(), settings.seconds(), kinds);
        // The worker may still halt on the tail of the load; it comes back without crash points.
        crashingWorker.setEnvironment(CrashPoints.AT_ENV, null);
        long drainDeadline = System.nanoTime() + settings.drainTimeout().toNanos();
        while (answers.answered(ids) < ids.size() && System.nanoTime() < drainDeadline) {
            superviseCrashingWorker(crashingWorker, false);
            Thread.sleep(200);
        }
        // A second answer would come right behind the first: give it time to show.
        Thread.sleep(5000);
        long lastMs = System.currentTimeMillis();

        Map<String, BigDecimal> answerCosts = answers.costByTenant(ids);
        Map<String, BigDecimal> aggregated = awaitAggregation(costPort, answerCosts, Instant.ofEpochMilli(startMs));
        boolean totalsMatch = ChaosWorkload.TENANTS.stream().allMatch(t ->
                answerCosts.getOrDefault(t, Money.ZERO).compareTo(aggregated.getOrDefault(t, Money.ZERO)) == 0);
        long providerCalls = simulator.stats().requestsReceived();
        long recordedCalls = UsageCalls.count(cluster.bootstrapServers(), serdes);
        ChaosReport report = new ChaosReport(ids.size(), answers.answered(ids), answers.duplicates(ids), answers.strangers(known(ids)), totalsMatch,
                answers.longestGap(startMs, lastMs), leaderKilledMs == 0 ? 0 : answers.gapAround(leaderKilledMs, leaderKilledMs + 60_000),
                answerCosts, aggregated, answers.byStatus(ids), crashes(crashingWorker.log()), providerCalls, providerCalls - recordedCalls);
        out.printf("chaos: answers by status %s; load ended %d s after it began%n", report.statuses(), (loadEndMs - startMs) / 1000);
        out.printf("chaos: worker-2 halted %d times %s; provider calls %d, of them not in llm.usage (made again after a crash) %d%n",
                crashingWorker.starts() - 1, report.crashes(), providerCalls, report.duplicateCalls());
        out.printf("chaos: longest stall between answers around the broker kill %d ms; longest anywhere %d ms%n",
                report.stallAfterLeaderMs(), report.maxStallMs());
        answerCosts.forEach((tenant, sum) -> out.printf("chaos: tenant %-8s answers %s   aggregator %s%n", tenant, sum.toPlainString(),
                aggregated.getOrDefault(tenant, Money.ZERO).toPlainString()));
        return report;
    }

    private static Set<String> known(Set<String> ids) {
        Set<String> known = new HashSet<>(ids);
        ChaosWorkload.TENANTS.forEach(tenant -> known.add(WARM_UP_PREFIX + tenant));
        return known;
    }

    /** Starts the crashing worker again after each halt (with a new count to its next crash while the load runs). */
    private void superviseCrashingWorker(ComponentProcess worker, boolean keepCrashing) throws InterruptedException {
        if (worker.alive()) {
            return;
        }
        var status = worker.awaitExit(Duration.ZERO);
        if (status.isPresent()) {
            if (keepCrashing) {
                worker.setEnvironment(CrashPoints.AFTER_ENV, String.valueOf(crashAfter()));
            }
            worker.start();
        }
    }

    private static Map<String, Integer> crashes(Path log) throws IOException {
        Map<String, Integer> byPoint = new LinkedHashMap<>();
        for (CrashPoints.Point point : CrashPoints.Point.values()) {
            byPoint.put(point.label(), 0);
        }
        if (Files.exists(log)) {
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                int at = line.indexOf(CrashPoints.MARKER);
                if (at >= 0) {
                    byPoint.merge(line.substring(at + CrashPoints.MARKER.length()).trim(), 1, Integer::sum);
                }
            }
        }
        return byPoint;
    }

    /** The aggregator reads llm.usage on its own schedule: wait until each tenant's total matches the answers'. */
    private Map<String, BigDecimal> awaitAggregation(int costPort, Map<String, BigDecimal> expected, Instant started) throws InterruptedException {
        CostTotals totals = new CostTotals(costPort);
        Instant from = started.minus(Duration.ofHours(2));
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        Map<String, BigDecimal> aggregated = new TreeMap<>();
        while (true) {
            for (String tenant : ChaosWorkload.TENANTS) {
                totals.total(tenant, from, Instant.now().plus(Duration.ofHours(1))).ifPresent(cost -> aggregated.put(tenant, cost));
            }
            boolean match = ChaosWorkload.TENANTS.stream().allMatch(t ->
                    expected.getOrDefault(t, Money.ZERO).compareTo(aggregated.getOrDefault(t, Money.ZERO)) == 0);
            if (match || System.nanoTime() > deadline) {
                return aggregated;
            }
            Thread.sleep(500);
        }
    }

    private static int leaderOfRequests(String bootstrap) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            TopicDescription topic = admin.describeTopics(List.of(Topics.REQUESTS)).allTopicNames().get().get(Topics.REQUESTS);
            return topic.partitions().get(0).leader().id();
        }
    }

    private static void await(BooleanSupplier condition, Duration timeout, String failure) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(failure + " within " + timeout);
            }
            Thread.sleep(200);
        }
    }

    /** The shipped config for a component of the run: the cluster, the registry, the simulator, no embedding model. */
    private static String config(String bootstrap, String registryUrl, SimulatedProvider simulator, int costPort) throws IOException {
        String defaults;
        try (InputStream in = ChaosRun.class.getResourceAsStream(SwitchboardConfig.DEFAULT_RESOURCE)) {
            defaults = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String config = replace(defaults, "bootstrapServers: null ", "bootstrapServers: " + bootstrap + " ");
        config = replace(config, "partitions: 12 ", "partitions: 4 ");
        config = replace(config, "url: mock://switchboard ", "url: " + registryUrl + " ");
        config = replace(config, "httpPort: 8085 ", "httpPort: -1 ");
        config = replace(config, "model: BGE_SMALL_EN_V15_Q", "model: none");
        config = replace(config, "recordLock: PT60S ", "recordLock: PT15S ");
        config = replace(config, "batchApi: true ", "batchApi: false ");
        config = replace(config, "httpPort: 8081", "httpPort: " + costPort);
        return replace(config, "providers: []", "providers:\n  - name: simulator\n    baseUrl: " + simulator.baseUri()
                + "\n    models: {sim/small: sim/small, sim/large: sim/large, sim/long: sim/long}");
    }

    /** Fails loudly when the shipped config no longer has the setting this run changes. */
    private static String replace(String config, String setting, String value) {
        if (!config.contains(setting)) {
            throw new IllegalStateException("the shipped config has no '" + setting.trim() + "' for the chaos run to change");
        }
        return config.replace(setting, value);
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
