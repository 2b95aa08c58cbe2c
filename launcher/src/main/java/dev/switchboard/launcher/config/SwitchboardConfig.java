package dev.switchboard.launcher.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.switchboard.cost.CostConfig;
import dev.switchboard.gateway.GatewayConfig;
import dev.switchboard.router.RouterConfig;
import dev.switchboard.router.LanePriority;
import dev.switchboard.router.RouterCommitIntervals;
import dev.switchboard.router.RouterThreads;
import dev.switchboard.router.TenantPolicy;
import dev.switchboard.router.route.RoutingRules;
import dev.switchboard.simulator.Fault;
import dev.switchboard.simulator.SimulatorConfig;
import dev.switchboard.schemas.Tier;
import dev.switchboard.worker.WorkerConfig;
import dev.switchboard.worker.WorkerConfig.TierCapacity;
import dev.switchboard.worker.provider.ProviderType;
import dev.switchboard.worker.resilience.ResilienceConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every setting of a Switchboard process, read from YAML into typed records and validated before anything starts.
 * Each component's own config record (router, worker, cost) is derived from it.
 */
public record SwitchboardConfig(KafkaSettings kafka, RegistrySettings registry, RouterSettings router, EmbeddingSettings embeddings,
                                WorkerSettings worker, List<ProviderSettings> providers, SimulatorSettings simulator, CostSettings cost,
                                MetricsSettings metrics, GovernanceSettings governance, GatewaySettings gateway) {
    public static final String DEFAULT_RESOURCE = "/dev/switchboard/launcher/switchboard.yaml";
    public static final List<String> SIMULATED_MODELS = List.of("sim/small", "sim/large", "sim/long");

    public SwitchboardConfig {
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(router, "router");
        embeddings = embeddings == null ? new EmbeddingSettings("none") : embeddings;
        Objects.requireNonNull(worker, "worker");
        providers = providers == null ? List.of() : List.copyOf(providers);
        Objects.requireNonNull(simulator, "simulator");
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(metrics, "metrics");
        governance = governance == null ? new GovernanceSettings(null, null) : governance;
        gateway = gateway == null ? GatewaySettings.DEFAULT : gateway;
    }

    /** @param embeddedPort the embedded broker's port on 127.0.0.1; 0 picks a free one */
    public record KafkaSettings(String bootstrapServers, Path dataDir, int partitions, int embeddedPort) {
        public KafkaSettings {
            if (partitions <= 0) {
                throw new IllegalArgumentException("kafka.partitions must be positive, got " + partitions);
            }
            if (embeddedPort < 0 || embeddedPort > 65535) {
                throw new IllegalArgumentException("kafka.embeddedPort must be a port number, got " + embeddedPort);
            }
        }

        public boolean embedded() {
            return bootstrapServers == null || bootstrapServers.isBlank();
        }
    }

    /**
     * @param url      a Confluent-API registry, or {@code mock://name} for the in-memory one
     * @param httpPort with a mock registry, where its REST API is served on 127.0.0.1 so tools like kcat can read
     *                 Avro answers; -1 serves nothing
     */
    public record RegistrySettings(String url, int httpPort) {
        public RegistrySettings {
            Objects.requireNonNull(url, "registry.url");
        }

        public boolean inMemory() {
            return url.startsWith("mock://");
        }
    }

    /**
     * @param semanticThreshold   null: the embedding model's measured default; 0: semantic cache off for the tenant
     * @param maxCacheTemperature null: {@link TenantPolicy#DEFAULT_MAX_CACHE_TEMPERATURE}
     */
    public record PolicySettings(List<String> allowedModels, String defaultModel, String baselineModel,
                                 List<String> fallbackModels, Duration cacheTtl, Double semanticThreshold, Double maxCacheTemperature,
                                 RoutingSettings routing) {
        TenantPolicy toPolicy(double defaultThreshold) {
            return new TenantPolicy(Set.copyOf(orEmpty(allowedModels)), defaultModel, baselineModel, orEmpty(fallbackModels), cacheTtl,
                    semanticThreshold != null ? semanticThreshold : defaultThreshold,
                    maxCacheTemperature != null ? maxCacheTemperature : TenantPolicy.DEFAULT_MAX_CACHE_TEMPERATURE,
                    routing == null ? RoutingRules.staticRouting() : routing.toRules());
        }
    }

    /** How {@code auto} requests choose a model; see {@link RoutingRules}. */
    public record RoutingSettings(String strategy, List<String> candidates, Double qualityBar, Double strongShare, String codeModel,
                                  String longContextModel, Boolean cascade, String multimodalModel, java.math.BigDecimal maxCostPerRequest,
                                  String defaultTier, String judgeModel) {
        RoutingRules toRules() {
            return new RoutingRules(RoutingRules.Strategy.parse(strategy == null ? "static" : strategy), orEmpty(candidates),
                    qualityBar == null ? 0.8 : qualityBar, strongShare == null ? 0.47 : strongShare, codeModel, longContextModel,
                    cascade != null && cascade, multimodalModel, maxCostPerRequest,
                    defaultTier == null ? null : Tier.valueOf(defaultTier.toUpperCase(java.util.Locale.ROOT)), judgeModel);
        }
    }

    /** @param model the in-process sentence model for the semantic cache, or {@code none} to serve exact hits only */
    public record EmbeddingSettings(String model) {
        public boolean enabled() {
            return model != null && !model.equalsIgnoreCase("none");
        }
    }

    /**
     * @param streamThreads Kafka Streams threads of each tier's lane unless {@code threads} names its own: embedding
     *                      for the semantic cache is CPU work done per request
     * @param threads       threads per router part (triage, interactive, standard, batch, ledger); any may be left out
     * @param commitIntervals exactly-once commit interval per router part; any may be left out (RouterCommitIntervals)
     */
    public record RouterSettings(int streamThreads, Duration dedupWindow, Duration coalesceTimeout, int maxPromptChars, PolicySettings defaultPolicy,
                                 Map<String, PolicySettings> tenants, Map<String, Map<String, Double>> modelQuality, RouterThreadSettings threads,
                                 RouterCommitSettings commitIntervals, BatchYieldSettings batchYield) {
        public LanePriority.BatchYield batchYieldPolicy() {
            if (batchYield == null) {
                return LanePriority.BatchYield.DEFAULT;
            }
            LanePriority.BatchYield d = LanePriority.BatchYield.DEFAULT;
            return new LanePriority.BatchYield(or(batchYield.interactiveWindow(), d.interactiveWindow()), or(batchYield.pausePerRequest(), d.pausePerRequest()),
                    or(batchYield.maxPausePerPoll(), d.maxPausePerPoll()));
        }

        public RouterCommitIntervals routerCommitIntervals() {
            RouterCommitSettings c = commitIntervals == null ? RouterCommitSettings.NONE : commitIntervals;
            return new RouterCommitIntervals(or(c.triage(), RouterCommitIntervals.DEFAULT_TRIAGE), or(c.interactive(), RouterCommitIntervals.DEFAULT_INTERACTIVE),
                    or(c.standard(), RouterCommitIntervals.DEFAULT_STANDARD), or(c.batch(), RouterCommitIntervals.DEFAULT_BATCH),
                    or(c.ledger(), RouterCommitIntervals.DEFAULT_LEDGER));
        }

        private static Duration or(Duration value, Duration fallback) {
            return value == null ? fallback : value;
        }

        public RouterThreads routerThreads() {
            RouterThreadSettings t = threads == null ? RouterThreadSettings.NONE : threads;
            int lane = Math.max(1, streamThreads);
            return new RouterThreads(or(t.triage(), RouterThreads.DEFAULT_TRIAGE), or(t.interactive(), lane), or(t.standard(), lane),
                    or(t.batch(), lane), or(t.ledger(), RouterThreads.DEFAULT_LEDGER));
        }

        private static int or(Integer value, int fallback) {
            return value == null ? fallback : value;
        }
    }

    /** How the batch lane yields to interactive work (LanePriority); a key left out takes its default. */
    public record BatchYieldSettings(Duration interactiveWindow, Duration pausePerRequest, Duration maxPausePerPoll) {
    }

    /** Commit interval of each part of the router; a part left out takes its default. */
    public record RouterCommitSettings(Duration triage, Duration interactive, Duration standard, Duration batch, Duration ledger) {
        static final RouterCommitSettings NONE = new RouterCommitSettings(null, null, null, null, null);
    }

    /** Threads of each part of the router; a part left out takes the default ({@code streamThreads} for a lane). */
    public record RouterThreadSettings(Integer triage, Integer interactive, Integer standard, Integer batch, Integer ledger) {
        static final RouterThreadSettings NONE = new RouterThreadSettings(null, null, null, null, null);
    }

    /**
     * @param recordLock how long the share group holds a record for the worker that took it: longer than a call's
     *                   retries (set as the group's {@code share.record.lock.duration.ms})
     */
    public record WorkerSettings(String groupId, Duration providerTimeout, Duration recordLock, Boolean batchApi, List<PoolSettings> pools,
                                 ResilienceConfig resilience) {
        public WorkerSettings {
            batchApi = batchApi == null || batchApi;
            pools = pools == null || pools.isEmpty() ? List.of(PoolSettings.DEFAULT) : List.copyOf(pools);
            resilience = resilience == null ? ResilienceConfig.defaults() : resilience;
        }
    }

    /** A group of models served together, with its capacity per tier; {@code models} empty means every served model. */
    public record PoolSettings(String name, List<String> models, TierCapacity interactive, TierCapacity standard, TierCapacity batch) {
        static final PoolSettings DEFAULT = new PoolSettings("default", List.of(), null, null, null);

        Map<Tier, TierCapacity> tiers() {
            Map<Tier, TierCapacity> defaults = WorkerConfig.defaults(List.of("any")).tiers();
            Map<Tier, TierCapacity> tiers = new java.util.EnumMap<>(Tier.class);
            tiers.put(Tier.INTERACTIVE, interactive != null ? interactive : defaults.get(Tier.INTERACTIVE));
            tiers.put(Tier.STANDARD, standard != null ? standard : defaults.get(Tier.STANDARD));
            tiers.put(Tier.BATCH, batch != null ? batch : defaults.get(Tier.BATCH));
            return tiers;
        }
    }

    /**
     * A real provider; its key is read from {@code apiKeyEnv} or {@code apiKeyFile}, never from this file.
     *
     * @param type       the API it speaks: {@code openai} (OpenAI and every OpenAI-compatible server: vLLM, Ollama, Groq,
     *                   Together, OpenRouter), {@code azure} (Azure OpenAI: models map to deployment names),
     *                   {@code anthropic} or {@code gemini}
     * @param apiVersion Azure OpenAI's api-version; null for its default
     */
    public record ProviderSettings(String name, String type, String baseUrl, String apiKeyEnv, Path apiKeyFile, String apiVersion,
                                   Map<String, String> models) {
        /** Every valid type, from the worker's provider registry. */
        public static final List<String> TYPES = ProviderType.ids();

        public ProviderSettings {
            Objects.requireNonNull(name, "providers[].name");
            type = type == null ? ProviderType.OPENAI.id() : type.toLowerCase(java.util.Locale.ROOT);
            if (!TYPES.contains(type)) {
                throw new IllegalArgumentException("providers[" + name + "].type must be one of " + TYPES + ", got " + type);
            }
            Objects.requireNonNull(baseUrl, "providers[" + name + "].baseUrl");
            if (models == null || models.isEmpty()) {
                throw new IllegalArgumentException("providers[" + name + "].models must map at least one catalog id to the provider's model name");
            }
            models = new TreeMap<>(models);
        }
    }

    /** @param faults errors to inject, e.g. {@code {model: "*", kind: SERVER_ERROR, probability: 0.05}} */
    public record SimulatorSettings(int port, double latencyScale, List<Fault> faults) {
        public SimulatorSettings {
            faults = faults == null ? List.of() : List.copyOf(faults);
        }

        public SimulatorConfig toConfig() {
            return SimulatorConfig.defaults().withPort(port).withLatencyScale(latencyScale).withFaults(faults);
        }
    }

    /**
     * @param commitInterval how often the aggregator commits: its windows are coalesced in the record cache until then,
     *                       so a longer interval writes each hot window once instead of once per usage event
     * @param host           where the cost API and dashboard listen: loopback unless given
     */
    public record CostSettings(Duration grace, int httpPort, Duration commitInterval, String host) {
        public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(dev.switchboard.cost.CostStreamsConfig.DEFAULT_COMMIT_INTERVAL_MS);

        public CostSettings {
            host = host == null ? "127.0.0.1" : host;
            commitInterval = commitInterval == null ? DEFAULT_COMMIT_INTERVAL : commitInterval;
            if (commitInterval.isNegative() || commitInterval.isZero() || commitInterval.compareTo(Duration.ofSeconds(30)) > 0) {
                throw new IllegalArgumentException("cost.commitInterval must be positive and at most 30 s, got " + commitInterval);
            }
        }

        public CostSettings(Duration grace, int httpPort) {
            this(grace, httpPort, null, null);
        }
    }

    /** @param host where the Prometheus endpoint listens: loopback by default, all interfaces inside a container */
    public record MetricsSettings(String host, int port) {
        public MetricsSettings {
            host = host == null ? "127.0.0.1" : host;
        }
    }

    /**
     * @param file           keys, budgets, rate limits and token caps (see ops/governance.yaml), published to llm.keys and
     *                       llm.policies and re-published when the file changes; null: no file, every tenant is open
     * @param reloadInterval how often the file is checked for changes
     * @param secureReads    whether the cost API, the dashboard's data and the gateway's management endpoints need a
     *                       credential (the admin key or a virtual key); null: when a governance file is given
     * @param adminKeyFile   where the admin key is kept (read, or created with a new key, owner-only); null: the
     *                       environment's SWITCHBOARD_ADMIN_KEY, else a new key for this run, printed once at start
     */
    public record GovernanceSettings(Path file, Duration reloadInterval, Boolean secureReads, Path adminKeyFile) {
        public GovernanceSettings {
            reloadInterval = reloadInterval == null ? Duration.ofSeconds(2) : reloadInterval;
            if (reloadInterval.isNegative() || reloadInterval.isZero()) {
                throw new IllegalArgumentException("governance.reloadInterval must be positive, got " + reloadInterval);
            }
        }

        public GovernanceSettings(Path file, Duration reloadInterval) {
            this(file, reloadInterval, null, null);
        }

        /** Whether the cost API, the dashboard's data and the gateway's management endpoints need a credential. */
        public boolean readsNeedCredential() {
            return secureReads != null ? secureReads : file != null;
        }

        public GovernanceSettings withSecureReads(boolean secure, Path keyFile) {
            return new GovernanceSettings(file, reloadInterval, secure, keyFile);
        }
    }

    /**
     * The OpenAI-compatible HTTP front door; a null field takes {@link GatewayConfig}'s default.
     *
     * @param port where it listens (8080 by default; 0: a free port)
     */
    public record GatewaySettings(String host, Integer port, Integer maxBodyBytes, Integer maxFileBytes, String defaultTenant,
                                  Duration requestTimeout, Integer maxInFlight, Duration rateLimitRetryAfter, Duration batchWindow) {
        public static final GatewaySettings DEFAULT = new GatewaySettings(null, null, null, null, null, null, null, null, null);

        public GatewaySettings withPort(int port) {
            return new GatewaySettings(host, port, maxBodyBytes, maxFileBytes, defaultTenant, requestTimeout, maxInFlight, rateLimitRetryAfter,
                    batchWindow);
        }

        public int portOrDefault() {
            return port == null ? GatewayConfig.DEFAULT_PORT : port;
        }

        GatewayConfig toConfig(List<String> models) {
            return new GatewayConfig(host == null ? GatewayConfig.DEFAULT_HOST : host, portOrDefault(),
                    maxBodyBytes == null ? GatewayConfig.DEFAULT_MAX_BODY_BYTES : maxBodyBytes,
                    maxFileBytes == null ? GatewayConfig.DEFAULT_MAX_FILE_BYTES : maxFileBytes,
                    defaultTenant == null ? GatewayConfig.DEFAULT_TENANT : defaultTenant,
                    requestTimeout == null ? GatewayConfig.DEFAULT_REQUEST_TIMEOUT : requestTimeout,
                    maxInFlight == null ? GatewayConfig.DEFAULT_MAX_IN_FLIGHT : maxInFlight,
                    rateLimitRetryAfter == null ? GatewayConfig.DEFAULT_RATE_LIMIT_RETRY_AFTER : rateLimitRetryAfter,
                    batchWindow == null ? GatewayConfig.DEFAULT_BATCH_WINDOW : batchWindow, models);
        }
    }

    public GatewayConfig gatewayConfig() {
        return gateway.toConfig(servedModels());
    }

    /** Without real providers the simulated one serves the sim/* models. */
    public boolean simulated() {
        return providers.isEmpty();
    }

    /** The catalog ids this deployment serves: the simulator's, or every model the providers map. */
    public List<String> servedModels() {
        if (simulated()) {
            return SIMULATED_MODELS;
        }
        return providers.stream().flatMap(p -> p.models().keySet().stream()).distinct().sorted().toList();
    }

    public RouterConfig routerConfig() {
        Map<String, TenantPolicy> tenants = new TreeMap<>();
        double threshold = Embeddings.defaultThreshold(embeddings);
        orEmpty(router.tenants()).forEach((tenant, policy) -> tenants.put(tenant, policy.toPolicy(threshold)));
        return new RouterConfig(servedModels(), router.dedupWindow(), router.coalesceTimeout(), router.maxPromptChars(),
                router.defaultPolicy().toPolicy(threshold), tenants, orEmpty(router.modelQuality()));
    }

    /** One config per pool; every pool's models must be served, and every served model needs a pool. */
    public List<WorkerConfig> workerConfigs() {
        List<String> served = servedModels();
        java.util.Set<String> covered = new java.util.HashSet<>();
        List<WorkerConfig> configs = new java.util.ArrayList<>();
        for (PoolSettings pool : worker.pools()) {
            List<String> models = pool.models() == null || pool.models().isEmpty() ? served : pool.models();
            for (String model : models) {
                if (!served.contains(model)) {
                    throw new IllegalArgumentException("worker pool " + pool.name() + " lists " + model + ", which no provider serves " + served);
                }
            }
            covered.addAll(models);
            configs.add(new WorkerConfig(worker.groupId(), pool.name(), models, pool.tiers(), worker.providerTimeout(), worker.resilience(),
                    worker.batchApi()));
        }
        if (!covered.containsAll(served)) {
            throw new IllegalArgumentException("no worker pool serves " + served.stream().filter(m -> !covered.contains(m)).toList());
        }
        return configs;
    }

    public CostConfig costConfig() {
        return new CostConfig(cost.grace(), CostConfig.DEFAULT_WINDOW_SIZES);
    }

    /** Derives every component's config once, so a bad setting fails here rather than halfway through startup. */
    public SwitchboardConfig validated() {
        if (embeddings.enabled()) {
            dev.switchboard.embeddings.EmbeddingModel.parse(embeddings.model());
        }
        routerConfig();
        router.routerThreads();
        router.routerCommitIntervals();
        router.batchYieldPolicy();
        workerConfigs();
        costConfig();
        gatewayConfig();
        return this;
    }

    public static SwitchboardConfig load(Path file) {
        try (InputStream in = file == null ? SwitchboardConfig.class.getResourceAsStream(DEFAULT_RESOURCE) : Files.newInputStream(file)) {
            return mapper().readValue(in, SwitchboardConfig.class).validated();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read config " + (file == null ? DEFAULT_RESOURCE : file) + ": " + e.getMessage(), e);
        }
    }

    public SwitchboardConfig withBootstrapServers(String servers) {
        return withKafka(new KafkaSettings(servers, kafka.dataDir(), kafka.partitions(), kafka.embeddedPort()));
    }

    public SwitchboardConfig withDataDir(Path dataDir) {
        return withKafka(new KafkaSettings(kafka.bootstrapServers(), dataDir, kafka.partitions(), kafka.embeddedPort()));
    }

    public SwitchboardConfig withKafka(KafkaSettings settings) {
        return new SwitchboardConfig(settings, registry, router, embeddings, worker, providers, simulator, cost, metrics, governance, gateway);
    }

    public SwitchboardConfig withRegistry(RegistrySettings settings) {
        return new SwitchboardConfig(kafka, settings, router, embeddings, worker, providers, simulator, cost, metrics, governance, gateway);
    }

    /** Every listening port at once, the gateway's on a free one: a test beside a running system must not collide with it. */
    public SwitchboardConfig withPorts(int brokerPort, int registryPort, int costHttpPort, int metricsPort) {
        return withPorts(brokerPort, registryPort, costHttpPort, metricsPort, 0);
    }

    public SwitchboardConfig withPorts(int brokerPort, int registryPort, int costHttpPort, int metricsPort, int gatewayPort) {
        return new SwitchboardConfig(new KafkaSettings(kafka.bootstrapServers(), kafka.dataDir(), kafka.partitions(), brokerPort),
                new RegistrySettings(registry.url(), registryPort), router, embeddings, worker, providers, simulator,
                new CostSettings(cost.grace(), costHttpPort, cost.commitInterval(), cost.host()), new MetricsSettings(metrics.host(), metricsPort), governance,
                gateway.withPort(gatewayPort));
    }

    public SwitchboardConfig withGateway(GatewaySettings settings) {
        return new SwitchboardConfig(kafka, registry, router, embeddings, worker, providers, simulator, cost, metrics, governance, settings);
    }

    public SwitchboardConfig withGovernance(GovernanceSettings settings) {
        return new SwitchboardConfig(kafka, registry, router, embeddings, worker, providers, simulator, cost, metrics, settings, gateway);
    }

    public SwitchboardConfig withSimulator(SimulatorSettings settings) {
        return new SwitchboardConfig(kafka, registry, router, embeddings, worker, providers, settings, cost, metrics, governance, gateway);
    }

    public SwitchboardConfig withEmbeddings(EmbeddingSettings settings) {
        return new SwitchboardConfig(kafka, registry, router, settings, worker, providers, simulator, cost, metrics, governance, gateway);
    }

    private static ObjectMapper mapper() {
        return new ObjectMapper(new YAMLFactory())
                .registerModule(new JavaTimeModule())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.READ_DATE_TIMESTAMPS_AS_NANOSECONDS);
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }
}
