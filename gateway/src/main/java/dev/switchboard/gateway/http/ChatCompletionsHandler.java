package dev.switchboard.gateway.http;

import dev.switchboard.client.ChatAnswer;
import dev.switchboard.client.ChatRequest;
import dev.switchboard.client.ClientClosedException;
import dev.switchboard.client.DeadlineExceededException;
import dev.switchboard.client.InFlightLimitException;
import dev.switchboard.client.SwitchboardClient;
import dev.switchboard.gateway.GatewayMetrics;
import dev.switchboard.gateway.openai.ChatCall;
import dev.switchboard.gateway.openai.ChatCallReader;
import dev.switchboard.gateway.openai.CompletionJson;
import dev.switchboard.gateway.openai.ErrorMapping;
import dev.switchboard.gateway.openai.OpenAiError;
import dev.switchboard.schemas.json.RequestFormatException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/chat/completions}: reads the call, publishes it through the client (this instance's reply topic,
 * a request id, a deadline) and answers when the pipeline does, as one JSON body or as an event stream. A stream opens
 * as soon as the request is published (role chunk, then keep-alive comments) and carries the answer, or the refusal
 * as an error event, when it arrives. An answer that finds its caller gone is still counted; the request was
 * accounted by the pipeline either way.
 */
public final class ChatCompletionsHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ChatCompletionsHandler.class);

    private final SwitchboardClient client;
    private final ChatCallReader reader;
    private final ErrorMapping errors;
    private final GatewayMetrics metrics;
    private final int maxBodyBytes;
    private final Duration keepAlive;

    /** @param keepAlive how often an open stream that waits for its answer gets an SSE comment */
    public ChatCompletionsHandler(SwitchboardClient client, ChatCallReader reader, ErrorMapping errors, GatewayMetrics metrics, int maxBodyBytes,
                                  Duration keepAlive) {
        this.client = client;
        this.reader = reader;
        this.errors = errors;
        this.metrics = metrics;
        this.maxBodyBytes = maxBodyBytes;
        this.keepAlive = keepAlive;
    }

    public void handle(HttpExchange exchange) {
        Context context = Vertx.currentContext();
        BoundedBody.read(exchange, maxBodyBytes, body -> {
            ChatCall call;
            try {
                call = reader.read(body.getBytes(), name -> exchange.request().getHeader(name), exchange.bearer());
            } catch (RequestFormatException e) {
                exchange.error(OpenAiError.badRequest(e.getMessage()));
                return;
            }
            CompletableFuture<ChatAnswer> answer = client.submit(ChatRequest.of(call.request(), call.timeout()));
            if (call.stream() && !answer.isDone()) {
                // Published: the stream opens now rather than when the whole answer is in.
                String requestId = call.request().getRequestId();
                exchange.startEventStream(context.owner(), CompletionJson.roleChunk(requestId, call.request().getModel(),
                        Instant.now().getEpochSecond()), Map.of(CompletionJson.HEADER_REQUEST_ID, requestId), keepAlive.toMillis());
            }
            answer.whenComplete((done, error) -> context.runOnContext(v -> reply(exchange, call, done, error)));
        });
    }

    private void reply(HttpExchange exchange, ChatCall call, ChatAnswer answer, Throwable error) {
        String requestId = call.request().getRequestId();
        if (exchange.gone()) {
            metrics.undelivered("disconnected");
            LOG.debug("answer to {} arrived after its caller left: {}", requestId, answer == null ? error : answer.status());
            return;
        }
        OpenAiError refusal = error != null ? failure(requestId, error instanceof CompletionException ? error.getCause() : error)
                : answer.ok() ? null : errors.of(answer.response());
        if (exchange.streaming()) {
            if (refusal == null) {
                exchange.endEventStream(CompletionJson.answerChunks(answer.response(), call.includeUsage()), true, 200);
            } else {
                // The status line is sent: the refusal goes as an error event, which OpenAI's SDKs raise as an APIError.
                exchange.endEventStream(List.of(streamedError(refusal, requestId)), false, refusal.status());
            }
            return;
        }
        if (error != null) {
            exchange.error(refusal, Map.of(CompletionJson.HEADER_REQUEST_ID, requestId));
            return;
        }
        Map<String, String> headers = CompletionJson.headers(answer.response());
        if (refusal != null) {
            exchange.error(refusal, headers);
        } else if (call.stream()) {
            // Answered before the stream opened (not expected: an answer takes a trip through Kafka): all of it at once.
            exchange.startEventStream(Vertx.currentContext().owner(), CompletionJson.roleChunk(requestId, call.request().getModel(),
                    Instant.now().getEpochSecond()), headers, keepAlive.toMillis());
            exchange.endEventStream(CompletionJson.answerChunks(answer.response(), call.includeUsage()), true, 200);
        } else {
            exchange.json(200, CompletionJson.completion(answer.response()), headers);
        }
    }

    /** An OpenAI error body as a stream event, with the status it would have had and the request id. */
    private static ObjectNode streamedError(OpenAiError refusal, String requestId) {
        ObjectNode event = refusal.body();
        event.putObject(CompletionJson.EXTENSION).put("status_code", refusal.status()).put("request_id", requestId);
        return event;
    }

    private static OpenAiError failure(String requestId, Throwable error) {
        if (error instanceof DeadlineExceededException) {
            return ErrorMapping.deadline(requestId);
        }
        if (error instanceof InFlightLimitException || error instanceof ClientClosedException) {
            return ErrorMapping.overloaded(error.getMessage());
        }
        LOG.warn("request {} could not be published", requestId, error);
        return new OpenAiError(500, OpenAiError.SERVER, "publish_failed", "the request could not be published: " + error.getMessage(),
                Optional.empty());
    }
}
