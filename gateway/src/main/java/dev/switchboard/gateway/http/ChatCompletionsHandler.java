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
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/chat/completions}: reads the call, publishes it through the client (this instance's reply topic,
 * a request id, a deadline) and answers when the pipeline does, as one JSON body or as an event stream. An answer that
 * finds its caller gone is still counted; the request was accounted by the pipeline either way.
 */
public final class ChatCompletionsHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ChatCompletionsHandler.class);

    private final SwitchboardClient client;
    private final ChatCallReader reader;
    private final ErrorMapping errors;
    private final GatewayMetrics metrics;
    private final int maxBodyBytes;

    public ChatCompletionsHandler(SwitchboardClient client, ChatCallReader reader, ErrorMapping errors, GatewayMetrics metrics, int maxBodyBytes) {
        this.client = client;
        this.reader = reader;
        this.errors = errors;
        this.metrics = metrics;
        this.maxBodyBytes = maxBodyBytes;
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
            client.submit(ChatRequest.of(call.request(), call.timeout()))
                    .whenComplete((answer, error) -> context.runOnContext(v -> reply(exchange, call, answer, error)));
        });
    }

    private void reply(HttpExchange exchange, ChatCall call, ChatAnswer answer, Throwable error) {
        String requestId = call.request().getRequestId();
        if (exchange.gone()) {
            metrics.undelivered("disconnected");
            LOG.debug("answer to {} arrived after its caller left: {}", requestId, answer == null ? error : answer.status());
            return;
        }
        if (error != null) {
            exchange.error(failure(requestId, error instanceof CompletionException ? error.getCause() : error),
                    Map.of(CompletionJson.HEADER_REQUEST_ID, requestId));
            return;
        }
        Map<String, String> headers = CompletionJson.headers(answer.response());
        if (!answer.ok()) {
            exchange.error(errors.of(answer.response()), headers);
        } else if (call.stream()) {
            exchange.eventStream(CompletionJson.chunks(answer.response(), call.includeUsage()), headers);
        } else {
            exchange.json(200, CompletionJson.completion(answer.response()), headers);
        }
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
