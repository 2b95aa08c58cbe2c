package dev.switchboard.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.gateway.GatewayMetrics;
import dev.switchboard.gateway.openai.OpenAiError;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Map;

/** One HTTP call: replies as JSON, OpenAI errors or an event stream, and is timed by endpoint and status once it ends. */
public final class HttpExchange {
    private final HttpServerRequest request;
    private final GatewayMetrics metrics;
    private final String endpoint;
    private final long started;
    private volatile boolean gone;
    private boolean finished;
    private Vertx vertx;
    private long keepAliveTimer = -1;

    public HttpExchange(HttpServerRequest request, GatewayMetrics metrics, String endpoint) {
        this.request = request;
        this.metrics = metrics;
        this.endpoint = endpoint;
        this.started = metrics.started();
        request.response().closeHandler(v -> {
            gone = !request.response().ended();
            finish(499); // the caller went away before its answer: counted as nginx does
        });
    }

    public HttpServerRequest request() {
        return request;
    }

    /** The caller closed the connection before an answer was written. */
    public boolean gone() {
        return gone;
    }

    /** The bearer token of {@code Authorization}, or null. */
    public String bearer() {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    public void json(int status, JsonNode body, Map<String, String> headers) {
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            return;
        }
        headers.forEach(response::putHeader);
        response.setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toString());
        finish(status);
    }

    public void json(int status, JsonNode body) {
        json(status, body, Map.of());
    }

    public void error(OpenAiError error, Map<String, String> headers) {
        HttpServerResponse response = request.response();
        error.retryAfter().ifPresent(wait -> response.putHeader("Retry-After", String.valueOf(Math.max(1, wait.toSeconds()))));
        json(error.status(), error.body(), headers);
    }

    public void error(OpenAiError error) {
        error(error, Map.of());
    }

    /** A refusal sent while the caller may still be sending its body: the connection is closed after it. */
    public void refuseAndClose(OpenAiError error) {
        request.response().putHeader("Connection", "close");
        error(error);
        request.connection().close();
    }

    public void bytes(int status, String contentType, Buffer body) {
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status).putHeader("Content-Type", contentType).end(body);
        finish(status);
    }

    /**
     * Opens a server-sent event stream at once (status 200, so later refusals travel as error events), writes its
     * first event and then an SSE comment every {@code keepAlive} until {@link #endEventStream}, so proxies and
     * clients see a live connection while the pipeline works.
     */
    public void startEventStream(Vertx vertx, JsonNode first, Map<String, String> headers, long keepAliveMillis) {
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            return;
        }
        headers.forEach(response::putHeader);
        response.setStatusCode(200).setChunked(true)
                .putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache");
        response.write("data: " + first + "\n\n");
        this.vertx = vertx;
        keepAliveTimer = vertx.setPeriodic(keepAliveMillis, id -> {
            if (response.ended() || response.closed()) {
                vertx.cancelTimer(id);
            } else {
                response.write(": keep-alive\n\n");
            }
        });
    }

    /** The rest of an open stream; {@code [DONE]} closes it only when it carried an answer ({@code done}). */
    public void endEventStream(Iterable<? extends JsonNode> events, boolean done, int status) {
        if (keepAliveTimer >= 0) {
            vertx.cancelTimer(keepAliveTimer);
            keepAliveTimer = -1;
        }
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            return;
        }
        for (JsonNode event : events) {
            response.write("data: " + event + "\n\n");
        }
        response.end(done ? "data: [DONE]\n\n" : "");
        finish(status);
    }

    /** Whether {@link #startEventStream} sent the status line: answers must then go as events. */
    public boolean streaming() {
        return request.response().headWritten();
    }

    private synchronized void finish(int status) {
        if (!finished) {
            finished = true;
            metrics.finished(started, endpoint, status);
        }
    }
}
