package dev.switchboard.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OpenAI-compatible chat-completions server on 127.0.0.1 with deterministic answers, per-model latency and
 * injectable faults. Used by the gateway's embedded mode and by tests when no real provider key is configured.
 *
 * <p>Endpoints: {@code POST /v1/chat/completions}, {@code GET /v1/models[/{id}]}; the OpenAI Files and Batch APIs
 * ({@code /v1/files}, {@code /v1/batches}, see {@link BatchesHandler}); the Anthropic Messages API
 * ({@code POST /v1/messages}, {@code POST /v1/messages/count_tokens}) and Message Batches
 * ({@code /v1/messages/batches}). Batches complete {@link SimulatorConfig#batchCompletion()} after creation.
 *
 * <pre>{@code
 * try (SimulatedProvider sim = SimulatedProvider.start(SimulatorConfig.defaults())) {
 *     URI base = sim.baseUri(); // http://127.0.0.1:PORT/v1
 * }
 * }</pre>
 */
public final class SimulatedProvider implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedProvider.class);
    /** Hundreds of clients may connect at once; the default backlog (~50) would refuse some. */
    private static final int BACKLOG = 1024;

    private final HttpServer server;
    private final ExecutorService workers;
    private final ScheduledThreadPoolExecutor timer;
    private final ResponseScheduler responses;
    private final SimulatorStats stats;
    private final URI baseUri;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SimulatedProvider(HttpServer server, ExecutorService workers, ScheduledThreadPoolExecutor timer,
                              ResponseScheduler responses, SimulatorStats stats) {
        this.server = server;
        this.workers = workers;
        this.timer = timer;
        this.responses = responses;
        this.stats = stats;
        this.baseUri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    public static SimulatedProvider start(SimulatorConfig config) {
        // Handlers never sleep (latency is a timer), so a small pool serves hundreds of concurrent requests.
        int threads = Math.max(4, Runtime.getRuntime().availableProcessors());
        ExecutorService workers = Executors.newFixedThreadPool(threads, daemonThreads("simulator-http"));
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, daemonThreads("simulator-timer"));
        timer.setRemoveOnCancelPolicy(true);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port()), BACKLOG);
        } catch (IOException e) {
            workers.shutdownNow();
            timer.shutdownNow();
            throw new UncheckedIOException("cannot bind the provider simulator to 127.0.0.1:" + config.port(), e);
        }
        ObjectMapper mapper = new ObjectMapper();
        OpenAiJson json = new OpenAiJson(mapper);
        SimulatorStats stats = new SimulatorStats();
        ResponseScheduler responses = new ResponseScheduler(timer, workers);
        Clock clock = Clock.systemUTC();
        server.createContext("/v1/chat/completions", new ChatCompletionsHandler(config, stats, mapper, responses, clock));
        server.createContext("/v1/models", new ModelsHandler(config, json, responses, clock.instant().getEpochSecond()));
        BatchStore store = new BatchStore();
        server.createContext(FilesHandler.PREFIX, new FilesHandler(store, mapper, responses, clock));
        server.createContext(BatchesHandler.PREFIX, new BatchesHandler(config, stats, store,
                new ChatEngine(config, stats, mapper, clock), mapper, responses, clock));
        AnthropicJson anthropicJson = new AnthropicJson(mapper);
        AnthropicEngine anthropic = new AnthropicEngine(config, stats, anthropicJson);
        server.createContext(MessagesHandler.PREFIX,
                new MessagesHandler(stats, anthropic, anthropicJson, mapper, responses));
        server.createContext(MessageBatchesHandler.PREFIX, new MessageBatchesHandler(config, stats, store, anthropic,
                anthropicJson, mapper, responses, clock, "http://127.0.0.1:" + server.getAddress().getPort()));
        server.createContext("/", new NotFoundHandler(json, responses));
        server.setExecutor(workers);
        server.start();
        SimulatedProvider provider = new SimulatedProvider(server, workers, timer, responses, stats);
        LOG.info("Provider simulator listening on {} with models {}", provider.baseUri, config.models().keySet());
        return provider;
    }

    /** Base URL to configure as an OpenAI-compatible endpoint, e.g. {@code http://127.0.0.1:PORT/v1}. */
    public URI baseUri() {
        return baseUri;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public SimulatorStats stats() {
        return stats;
    }

    /** Stops at once: pending and held (TIMEOUT) requests are dropped rather than waited for. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        timer.shutdownNow();
        responses.closeAll();
        server.stop(0);
        workers.shutdownNow();
        LOG.info("Provider simulator on {} stopped ({})", baseUri, stats);
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true); // never keep the JVM alive
            return thread;
        };
    }
}
