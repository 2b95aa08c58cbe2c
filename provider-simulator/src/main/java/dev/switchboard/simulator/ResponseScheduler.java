package dev.switchboard.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends responses after their simulated latency without parking a thread per request: the handler returns at
 * once and a timer completes the {@link HttpExchange} later (the JDK server allows completing an exchange
 * from any thread after {@code handle} returned). Tracks open exchanges so {@link #closeAll()} can release
 * held (TIMEOUT) ones and shutdown never waits on them.
 */
final class ResponseScheduler {

    static final String SIMULATED_HEADER = "x-switchboard-simulated";
    private static final Logger LOG = LoggerFactory.getLogger(ResponseScheduler.class);

    private final ScheduledExecutorService timer;
    private final Executor writers;
    private final Set<HttpExchange> open = ConcurrentHashMap.newKeySet();

    ResponseScheduler(ScheduledExecutorService timer, Executor writers) {
        this.timer = timer;
        this.writers = writers;
    }

    /** Sends {@code response} after {@code delay}; the timer only hands off, writing happens on a writer. */
    void sendAfter(HttpExchange exchange, Duration delay, SimulatedResponse response) {
        if (delay.isZero() || delay.isNegative()) {
            send(exchange, response);
            return;
        }
        open.add(exchange);
        try {
            timer.schedule(() -> handOff(exchange, response), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            abort(exchange); // simulator is closing
        }
    }

    /** Never answers; the connection is dropped after {@code hold} or when the simulator closes. */
    void hold(HttpExchange exchange, Duration hold) {
        open.add(exchange);
        try {
            timer.schedule(() -> abort(exchange), hold.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            abort(exchange);
        }
    }

    void send(HttpExchange exchange, SimulatedResponse response) {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            exchange.getResponseHeaders().set(SIMULATED_HEADER, "true");
            for (Map.Entry<String, String> header : response.headers().entrySet()) {
                exchange.getResponseHeaders().set(header.getKey(), header.getValue());
            }
            byte[] body = response.body();
            exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (IOException e) {
            LOG.debug("client went away before the simulated response was sent: {}", e.toString());
        } finally {
            open.remove(exchange);
        }
    }

    /** Drops every exchange still waiting; called on close after the timer stopped. */
    void closeAll() {
        for (HttpExchange exchange : open) {
            abort(exchange);
        }
    }

    private void handOff(HttpExchange exchange, SimulatedResponse response) {
        try {
            writers.execute(() -> send(exchange, response));
        } catch (RejectedExecutionException e) {
            abort(exchange);
        }
    }

    /** Closing an exchange whose headers were never sent closes the connection without a response. */
    private void abort(HttpExchange exchange) {
        open.remove(exchange);
        try {
            exchange.close();
        } catch (RuntimeException e) {
            LOG.debug("closing a held exchange failed: {}", e.toString());
        }
    }
}
