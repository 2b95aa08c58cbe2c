package dev.switchboard.gateway.http;

import dev.switchboard.gateway.openai.OpenAiError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.Consumer;

/**
 * Reads a request body up to a limit. A declared Content-Length over the limit is refused before a byte is read; a body
 * that grows past it while streaming (chunked) is refused as soon as it does, and the connection closed.
 */
public final class BoundedBody {
    private BoundedBody() {
    }

    public static void read(HttpExchange exchange, long limit, Consumer<Buffer> onBody) {
        HttpServerRequest request = exchange.request();
        String declared = request.getHeader("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > limit) {
                    exchange.refuseAndClose(OpenAiError.tooLarge(limit));
                    return;
                }
            } catch (NumberFormatException e) {
                exchange.refuseAndClose(OpenAiError.badRequest("Content-Length is not a number"));
                return;
            }
        }
        Buffer body = Buffer.buffer();
        boolean[] refused = {false};
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + chunk.length() > limit) {
                refused[0] = true;
                exchange.refuseAndClose(OpenAiError.tooLarge(limit));
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(v -> {
            if (!refused[0]) {
                onBody.accept(body);
            }
        });
    }
}
