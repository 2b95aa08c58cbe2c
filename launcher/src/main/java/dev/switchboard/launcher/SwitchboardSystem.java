package dev.switchboard.launcher;

import dev.switchboard.catalog.CostCalculator;
import dev.switchboard.catalog.ModelCatalog;
import dev.switchboard.cost.CostAggregatorApp;
import dev.switchboard.gateway.GatewayApp;
import dev.switchboard.kafka.TopicAdmin;
import dev.switchboard.kafka.embedded.EmbeddedKafkaBroker;
import dev.switchboard.kafka.embedded.EmbeddedKafkaConfig;
import dev.switchboard.launcher.config.Embeddings;
import dev.switchboard.launcher.config.SwitchboardConfig;
import dev.switchboard.launcher.governance.AdminKey;
import dev.switchboard.launcher.governance.GovernanceFile;
import dev.switchboard.launcher.governance.GovernanceGate;
import dev.switchboard.launcher.governance.GovernancePublisher;
import dev.switchboard.launcher.governance.GovernanceWatcher;
import dev.switchboard.router.RouterApp;
import dev.switchboard.router.RouterListeners;
import dev.switchboard.router.governance.AdmissionListener;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.access.Access;
import dev.switchboard.schemas.serde.MockSchemaRegistry;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import dev.switchboard.simulator.SimulatedProvider;
import dev.switchboard.worker.CrashPoints;
import dev.switchboard.worker.WorkerConfig;
import dev.switchboard.worker.WorkerPool;
import dev.switchboard.worker.provider.Deployments;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import dev.switchboard.router.cache.bound.CacheBoundListener;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the chosen components in dependency order (broker, topics, simulator, router, workers, cost aggregator,
 * metrics) and stops them in reverse. With no bootstrap servers configured the broker is embedded.
 */
public final class SwitchboardSystem implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SwitchboardSystem.class);
    private static final List<String> FIXED_TOPICS = List.of(Topics.CACHE_FILL, Topics.CACHE_CONTROL, Topics.RESPONSES, Topics.USAGE,
            Topics.SPEND, Topics.ALERTS, Topics.DLQ, Topics.COST_BY_TENANT, Topics.COST_BY_TENANT_MODEL, Topics.BUDGET_LEASES, Topics.BUDGET_GRANTS,
            Topics.WORKER_WRITTEN, Topics.CACHE_VERDICTS, Topics.CACHE_VERIFY_REPLIES);

    /** Names the worker process in its transactional ids; stable across its restarts, unique among live workers. */
    public static final String WORKER_INSTANCE_ENV = "SWITCHBOARD_WORKER_INSTANCE";
    private static final java.time.Duration MAX_RECORD_LOCK = java.time.Duration.ofMinutes(10);
    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private final SwitchboardConfig config;
    private final SwitchboardSerdes serdes;
    private String bootstrapServers;
    private SimulatedProvider simulator;
    private CostAggregatorApp cost;
    private GatewayApp gateway;
    private RouterApp router;
    private MetricsEndpoint metrics;
    private RegistryHttpServer registryServer;
    private final GovernanceGate governanceGate = new GovernanceGate();
    private volatile GovernancePublisher governancePublisher;
    private final TenantLabels tenantLabels;
    private final Optional<AdminKey> adminKey;

    private SwitchboardSystem(SwitchboardConfig config) {
        this.config = config;
        this.adminKey = AdminKey.whenRequired(config.governance(), System.getenv());
        this.serdes = SwitchboardSerdes.forUrl(config.registry().url());
        Set<String> configured = Set.copyOf(config.router().tenants() == null ? Set.of() : config.router().tenants().keySet());
        this.tenantLabels = new TenantLabels(tenant -> configured.contains(tenant) || governedByFile(tenant), TenantLabels.DEFAULT_MAX_OTHERS);
    }

    public static SwitchboardSystem start(SwitchboardConfig config, Set<Component> components) {
        SwitchboardSystem system = new SwitchboardSystem(config);
        try {
            system.startAll(components);
            return system;
        } catch (RuntimeException e) {
            system.close();
            throw e;
        }
    }

    private void startAll(Set<Component> components) {
        if (config.metrics().port() >= 0) {
            metrics = remember(new MetricsEndpoint(config.metrics().host(), config.metrics().port()));
            new JvmMemoryMetrics().bindTo(metrics.registry());
        }
        if (config.registry().inMemory()) {
            MockSchemaRegistry registry = MockSchemaRegistry.scope(config.registry().url().substring(MockSchemaRegistry.SCHEME.length()));
            if (config.kafka().dataDir() != null) {
                RegistryJournal.attach(registry, config.kafka().dataDir().resolve("schemas.jsonl"));
            }
            if (config.registry().httpPort() >= 0) {
                registryServer = remember(RegistryHttpServer.start(registry, config.registry().httpPort()));
            }
        }
        bootstrapServers = config.kafka().embedded() ? startBroker() : config.kafka().bootstrapServers();
        createTopics();
        startGovernance();
        ModelCatalog catalog = ModelCatalog.loadDefault();
        if (components.contains(Component.WORKER)) {
            startWorkers(catalog);
        }
        if (components.contains(Component.ROUTER)) {
            Properties routerProps = streamsProperties("router");
            Optional<dev.switchboard.embeddings.Embedder> embedder = Embeddings.create(config.embeddings());
            router = remember(RouterApp.start(config.routerConfig(), catalog, serdes, embedder,
                    Embeddings.complexityScorer(config, embedder), new RouterListeners(routeCounter(), refusalCounter(), governanceGate,
                    metrics == null ? CacheBoundListener.NONE : new CacheBoundMetrics(metrics.registry(), tenantLabels)), routerProps,
                    config.router().routerThreads(), config.router().routerCommitIntervals(),
                    config.router().batchYieldPolicy()));
            router.streams().forEach(this::bindStreamsMetrics);
            LOG.info("router running: {} -> triage -> one lane per tier ({}) -> llm.route.<model>.<tier>; budgets lent by the ledger",
                    Topics.REQUESTS, config.router().routerThreads());
        }
        if (components.contains(Component.GATEWAY)) {
            gateway = remember(GatewayApp.start(config.gatewayConfig(), bootstrapServers, serdes,
                    metrics != null ? metrics.registry() : new SimpleMeterRegistry(), access()));
            LOG.info("OpenAI-compatible gateway at {}", gateway.baseUri());
        }
        if (components.contains(Component.COST)) {
            Properties costProps = streamsProperties("cost");
            costProps.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.cost().commitInterval().toMillis());
            cost = remember(CostAggregatorApp.start(config.costConfig(), serdes, costProps, config.cost().host(),
                    config.cost().httpPort(), access()));
            bindStreamsMetrics(cost.streams());
            LOG.info("cost aggregator running; query API at {}", cost.queryUri());
        }
    }

    /** Whether HTTP reads need a credential, with the admin key's hash: governance on, or {@code governance.secureReads}. */
    private Access access() {
        return adminKey.map(admin -> Access.withAdminKey(admin.key())).orElse(Access.OPEN);
    }

    /** The admin key when reads need a credential (the console shows it once when it was made for this run). */
    public Optional<AdminKey> adminKey() {
        return adminKey;
    }

    private String startBroker() {
        EmbeddedKafkaConfig brokerConfig = config.kafka().dataDir() == null
                ? EmbeddedKafkaConfig.defaults() : EmbeddedKafkaConfig.defaults().withDataDir(config.kafka().dataDir().resolve("kafka"));
        // The default ceiling on a share group's record lock (60 s) is shorter than a call with its retries may take.
        brokerConfig = brokerConfig.withPort(config.kafka().embeddedPort())
                .withOverrides(Map.of("group.share.max.record.lock.duration.ms", String.valueOf(MAX_RECORD_LOCK.toMillis())));
        EmbeddedKafkaBroker broker = remember(EmbeddedKafkaBroker.start(brokerConfig));
        LOG.info("embedded Kafka broker at {}", broker.bootstrapServers());
        return broker.bootstrapServers();
    }

    /**
     * Topics the router reads (requests of every tier, cache fill and control, spend, leases and grants) share one
     * partition count: it joins them on the tenant's partition. That count bounds how many router instances share
     * each lane's work.
     */
    private void createTopics() {
        List<NewTopic> topics = new ArrayList<>();
        int partitions = config.kafka().partitions();
        // No factor here: TopicAdmin takes min(3, brokers) from the cluster, with min.insync.replicas=2 from three.
        Optional<Short> replication = Optional.empty();
        for (String topic : Topics.allRequests()) {
            // Rate limits count a sliding minute on the requests' record times: the broker's append time, which a
            // producer cannot set, so no client steps out of its window by dating its requests apart.
            topics.add(new NewTopic(topic, Optional.of(partitions), replication).configs(Map.of("message.timestamp.type", "LogAppendTime")));
        }
        for (String topic : FIXED_TOPICS) {
            topics.add(new NewTopic(topic, Optional.of(partitions), replication));
        }
        for (String topic : Topics.routes(config.servedModels())) {
            topics.add(new NewTopic(topic, Optional.of(partitions), replication));
        }
        // Config is state: compaction keeps the latest of each key and tenant, and a tombstone removes one.
        for (String topic : List.of(Topics.KEYS, Topics.POLICIES)) {
            topics.add(new NewTopic(topic, Optional.of(1), replication).configs(Map.of("cleanup.policy", "compact")));
        }
        // Each bounded tenant's published cut and verified error: only the latest counts.
        topics.add(new NewTopic(Topics.CACHE_BOUNDS, Optional.of(partitions), replication).configs(Map.of("cleanup.policy", "compact")));
        // Batch jobs are state, not history: compaction keeps each open job once and drops answered ones.
        topics.add(new NewTopic(Topics.BATCH_JOBS, Optional.of(partitions), replication)
                .configs(Map.of("cleanup.policy", "compact")));
        try (TopicAdmin admin = TopicAdmin.connect(bootstrapServers)) {
            admin.ensureTopics(topics);
            // Requests routed before the first worker joined must still be worked on, and only committed ones:
            // the router writes route topics in exactly-once transactions, and an aborted one must not be called.
            // A record stays with its worker for the whole call, retries included, before the broker hands it on.
            admin.setShareGroupConfig(config.worker().groupId(), Map.of("share.auto.offset.reset", "earliest",
                    "share.isolation.level", "read_committed",
                    "share.record.lock.duration.ms", String.valueOf(config.worker().recordLock().toMillis())));
        }
    }

    private void startWorkers(ModelCatalog catalog) {
        Deployments deployments;
        if (config.simulated()) {
            simulator = remember(SimulatedProvider.start(config.simulator().toConfig()));
            deployments = ProviderDeployments.simulated(simulator.baseUri());
            LOG.warn("no provider configured: the SIMULATED provider at {} answers; its answers say so", simulator.baseUri());
        } else {
            deployments = ProviderDeployments.configured(config.providers());
        }
        WorkerPool.Runtime runtime = WorkerPool.Runtime.create(deployments, new CostCalculator(catalog), serdes, clientProperties(),
                Clock.systemUTC(), metrics != null ? metrics.registry() : new SimpleMeterRegistry(), config.worker().resilience());
        String instance = System.getenv(WORKER_INSTANCE_ENV);
        CrashPoints crash = CrashPoints.fromEnvironment(System.getenv());
        if (instance != null || crash.enabled()) {
            runtime = runtime.withInstance(instance != null ? instance : runtime.instanceId(), crash);
        }
        if (crash.enabled()) {
            LOG.warn("worker crash points are set ({}): this process halts on purpose", System.getenv(CrashPoints.AT_ENV));
        }
        for (WorkerConfig pool : config.workerConfigs()) {
            remember(WorkerPool.start(pool, runtime));
            LOG.info("worker pool {} running for {}", pool.name(), pool.models());
        }
    }

    private Properties clientProperties() {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers);
        // No client telemetry for any client (workers, Streams apps): it costs each client a metrics walk and the
        // broker a request per push, for a subscription nobody set up.
        props.put("enable.metrics.push", false);
        return props;
    }

    private Properties streamsProperties(String component) {
        Properties props = clientProperties();
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir(component).toString());
        return props;
    }

    private Path stateDir(String component) {
        try {
            if (config.kafka().dataDir() != null) {
                return Files.createDirectories(config.kafka().dataDir().resolve("streams").resolve(component));
            }
            Path dir = Files.createTempDirectory("switchboard-" + component);
            running.push(() -> deleteRecursively(dir));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the state directory for " + component, e);
        }
    }

    /** Publishes the governance file before the router starts, so no request is admitted under no config at all. */
    private void startGovernance() {
        Path file = config.governance().file();
        if (file == null) {
            LOG.warn("no governance file (governance.file or --governance): no tenant needs a key, none has a budget or a limit");
            return;
        }
        remember(GovernanceWatcher.start(file, config.governance().reloadInterval(), publisher(), governanceGate::published));
    }

    private synchronized GovernancePublisher publisher() {
        if (governancePublisher == null) {
            governancePublisher = remember(new GovernancePublisher(bootstrapServers, serdes));
        }
        return governancePublisher;
    }

    /** Publishes governance directly (the demo and tests); {@link #awaitGovernance} tells when the router acts on it. */
    public GovernancePublisher.Published publishGovernance(GovernanceFile file) {
        return publisher().publish(file);
    }

    /** The file watcher's publishes and what the router has applied. */
    public GovernanceGate governance() {
        return governanceGate;
    }

    public void awaitGovernance(GovernancePublisher.Published published, java.time.Duration timeout) throws java.util.concurrent.TimeoutException, InterruptedException {
        governanceGate.await(published, timeout);
    }

    /** Requests refused by governance (keys, limits, caps, budgets), counted by tenant and reason. */
    private AdmissionListener refusalCounter() {
        return metrics == null ? AdmissionListener.NONE : RouterMetrics.refusals(metrics.registry(), tenantLabels);
    }

    /** Every routing decision, counted by tenant, strategy, model and tier. */
    private dev.switchboard.router.route.RouteListener routeCounter() {
        return metrics == null ? dev.switchboard.router.route.RouteListener.NONE : RouterMetrics.decisions(metrics.registry(), tenantLabels);
    }

    /** Tenants of the governance file last published keep their own metric series, as do those of the router config. */
    private boolean governedByFile(String tenant) {
        GovernancePublisher publisher = governancePublisher;
        return publisher != null && publisher.governedTenants().contains(tenant);
    }

    private void bindStreamsMetrics(org.apache.kafka.streams.KafkaStreams streams) {
        if (metrics != null) {
            remember(new KafkaStreamsMetrics(streams)).bindTo(metrics.registry());
        }
    }

    private <T extends AutoCloseable> T remember(T component) {
        running.push(component);
        return component;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public SwitchboardSerdes serdes() {
        return serdes;
    }

    public Optional<RouterApp> router() {
        return Optional.ofNullable(router);
    }

    public Optional<CostAggregatorApp> cost() {
        return Optional.ofNullable(cost);
    }

    public Optional<GatewayApp> gateway() {
        return Optional.ofNullable(gateway);
    }

    public Optional<SimulatedProvider> simulator() {
        return Optional.ofNullable(simulator);
    }

    /** The in-memory registry's REST address, when it is served. */
    public Optional<java.net.URI> registryUri() {
        return Optional.ofNullable(registryServer).map(RegistryHttpServer::uri);
    }

    public Optional<MetricsEndpoint> metrics() {
        return Optional.ofNullable(metrics);
    }

    @Override
    public void close() {
        while (!running.isEmpty()) {
            try {
                running.pop().close();
            } catch (Exception e) {
                LOG.warn("error while stopping a component", e);
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
