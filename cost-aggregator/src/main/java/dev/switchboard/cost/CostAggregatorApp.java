package dev.switchboard.cost;

import dev.switchboard.cost.answers.AnswerWindows;
import dev.switchboard.cost.answers.StoreAnswerWindows;
import dev.switchboard.cost.budget.BudgetStores;
import dev.switchboard.cost.budget.SpendView;
import dev.switchboard.cost.budget.StoreSpendView;
import dev.switchboard.cost.bound.CacheBoundView;
import dev.switchboard.schemas.CacheBoundState;
import dev.switchboard.schemas.AnswerStats;
import dev.switchboard.schemas.GovernancePolicy;
import dev.switchboard.schemas.SpendUpdate;
import dev.switchboard.schemas.VirtualKey;
import dev.switchboard.schemas.WindowedCost;
import dev.switchboard.schemas.access.Access;
import dev.switchboard.schemas.access.Callers;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.SortedSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link CostTopology} and its query server. Reads llm.usage and llm.policies (which must exist before the
 * start: a global store needs its topic) and the answer topics (llm.responses, llm.replies.*), writes llm.cost.tenant, llm.cost.tenant-model, llm.spend and
 * llm.alerts, answers queries and serves the dashboard from the stores of this instance.
 */
public final class CostAggregatorApp implements CostWindows, AutoCloseable {
    static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Logger LOG = LoggerFactory.getLogger(CostAggregatorApp.class);

    private final KafkaStreams streams;
    private final CostWindows windows;
    private final CostQueryServer server;

    private CostAggregatorApp(KafkaStreams streams, CostWindows windows, CostQueryServer server) {
        this.streams = streams;
        this.windows = windows;
        this.server = server;
    }

    /**
     * Starts the Streams app (see {@link CostStreamsConfig#of} for the properties it adds) and waits, at most
     * {@link #START_TIMEOUT}, until it is RUNNING; then the query server on 127.0.0.1:{@code httpPort}
     * (0 picks a free port, -1 starts none).
     *
     * @param streamsProperties must contain bootstrap.servers; may contain application.id, state.dir
     */
    public static CostAggregatorApp start(CostConfig config, SwitchboardSerdes serdes, Properties streamsProperties,
            int httpPort) {
        return start(config, serdes, streamsProperties, "127.0.0.1", httpPort, Access.OPEN);
    }

    /**
     * As {@link #start(CostConfig, SwitchboardSerdes, Properties, int)}, the query server listening on {@code host} and
     * asking for a credential when {@code access} requires one: the admin key, or a virtual key of llm.keys (read into
     * a global store) that reads its own tenant only.
     */
    public static CostAggregatorApp start(CostConfig config, SwitchboardSerdes serdes, Properties streamsProperties,
            String host, int httpPort, Access access) {
        KafkaStreams streams = new KafkaStreams(CostTopology.build(config, serdes), CostStreamsConfig.of(streamsProperties));
        // A failing stream thread usually fails again on the same record: stop the client and let the
        // launcher see ERROR rather than spin replacing threads. EOS means nothing half-counted is committed.
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("cost aggregator stream thread failed; shutting the client down", e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        CountDownLatch settled = new CountDownLatch(1);
        AtomicReference<KafkaStreams.State> reached = new AtomicReference<>();
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING || now == KafkaStreams.State.ERROR
                    || now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.PENDING_SHUTDOWN) {
                reached.compareAndSet(null, now);
                settled.countDown();
            }
        });
        CostQueryServer server = null;
        try {
            streams.start();
            if (!settled.await(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("cost aggregator not RUNNING after " + START_TIMEOUT + ", state " + streams.state());
            }
            if (reached.get() != KafkaStreams.State.RUNNING) {
                throw new IllegalStateException("cost aggregator failed to start, state " + reached.get());
            }
            CostWindows windows = new StoreCostWindows(config, name -> streams.store(
                    StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, WindowedCost>windowStore())));
            SpendView spend = new StoreSpendView(
                    () -> streams.store(StoreQueryParameters.fromNameAndType(
                            BudgetStores.SPEND, QueryableStoreTypes.<String, SpendUpdate>keyValueStore())),
                    () -> streams.store(StoreQueryParameters.fromNameAndType(
                            BudgetStores.POLICIES, QueryableStoreTypes.<String, GovernancePolicy>keyValueStore())));
            AnswerWindows answers = new StoreAnswerWindows(name -> streams.store(
                    StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, AnswerStats>windowStore())));
            if (httpPort >= 0) {
                CacheBoundView bounds = CacheBoundView.of(() -> streams.store(StoreQueryParameters.fromNameAndType(
                        CacheBoundView.STORE, QueryableStoreTypes.<String, CacheBoundState>keyValueStore())));
                Callers callers = Callers.of(access, hash -> storedKey(streams, hash), Clock.systemUTC());
                server = CostQueryServer.start(windows, spend, answers, bounds, Clock.systemUTC(), callers, new InetSocketAddress(host, httpPort));
            }
            return new CostAggregatorApp(streams, windows, server);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            streams.close();
            throw new IllegalStateException("interrupted while starting the cost aggregator", e);
        } catch (IOException e) {
            streams.close();
            throw new UncheckedIOException("cannot start the cost query server", e);
        } catch (RuntimeException e) {
            streams.close();
            throw e;
        }
    }

    /** A stored key that cannot be read (written by hand, restored as it was) counts as no key. */
    private static Optional<VirtualKey> storedKey(KafkaStreams streams, String sha256) {
        try {
            return Optional.ofNullable(streams.store(StoreQueryParameters.fromNameAndType(
                    CostTopology.KEYS, QueryableStoreTypes.<String, VirtualKey>keyValueStore())).get(sha256));
        } catch (org.apache.kafka.common.errors.SerializationException e) {
            LOG.warn("the stored virtual key {} is unreadable and is refused", sha256, e);
            return Optional.empty();
        }
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** Base URI of the query server, or null when started with httpPort -1. */
    public URI queryUri() {
        return server == null ? null : server.uri();
    }

    /** The dashboard page ({@code http://127.0.0.1:{port}/dashboard}), or null when started with httpPort -1. */
    public URI dashboardUri() {
        return server == null ? null : server.dashboardUri();
    }

    @Override
    public CostConfig config() {
        return windows.config();
    }

    @Override
    public List<WindowedCost> windows(String tenant, String size, CostDimension by, Instant from, Instant to) {
        return windows.windows(tenant, size, by, from, to);
    }

    @Override
    public SortedSet<String> tenants(Instant from, Instant to) {
        return windows.tenants(from, to);
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        streams.close(Duration.ofSeconds(30));
    }
}
