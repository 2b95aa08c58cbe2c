package dev.switchboard.gateway.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.GatewayMetrics;
import dev.switchboard.gateway.openai.OpenAiError;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Which handler serves which method and path, in one table. Unknown paths get OpenAI's 404 body. */
public final class GatewayRoutes implements Handler<HttpServerRequest> {
    /** {@code auto}: the tenant's policy chooses among the served models. */
    public static final String AUTO_MODEL = "auto";
    private static final Pattern MODEL = Pattern.compile("/v1/models/(.+)");
    private static final Pattern FILE = Pattern.compile("/v1/files/([^/]+)");
    private static final Pattern FILE_CONTENT = Pattern.compile("/v1/files/([^/]+)/content");
    private static final Pattern BATCH = Pattern.compile("/v1/batches/([^/]+)");
    private static final Pattern BATCH_CANCEL = Pattern.compile("/v1/batches/([^/]+)/cancel");

    private final ChatCompletionsHandler chat;
    private final FilesAndBatchesHandler batches;
    private final GatewayMetrics metrics;
    private final List<String> models;

    public GatewayRoutes(ChatCompletionsHandler chat, FilesAndBatchesHandler batches, GatewayMetrics metrics, List<String> models) {
        this.chat = chat;
        this.batches = batches;
        this.metrics = metrics;
        this.models = new ArrayList<>(models);
        this.models.add(0, AUTO_MODEL);
    }

    @Override
    public void handle(HttpServerRequest request) {
        String path = request.path();
        HttpMethod method = request.method();
        Matcher m;
        if (method == HttpMethod.POST && path.equals("/v1/chat/completions")) {
            chat.handle(exchange(request, "chat.completions"));
        } else if (method == HttpMethod.GET && path.equals("/v1/models")) {
            exchange(request, "models").json(200, modelList());
        } else if (method == HttpMethod.GET && (m = MODEL.matcher(path)).matches()) {
            model(exchange(request, "models"), m.group(1));
        } else if (method == HttpMethod.POST && path.equals("/v1/files")) {
            batches.upload(exchange(request, "files"));
        } else if (method == HttpMethod.GET && (m = FILE_CONTENT.matcher(path)).matches()) {
            batches.fileContent(exchange(request, "files.content"), m.group(1));
        } else if (method == HttpMethod.GET && (m = FILE.matcher(path)).matches()) {
            batches.file(exchange(request, "files"), m.group(1));
        } else if (method == HttpMethod.POST && path.equals("/v1/batches")) {
            batches.create(exchange(request, "batches"));
        } else if (method == HttpMethod.POST && (m = BATCH_CANCEL.matcher(path)).matches()) {
            batches.cancel(exchange(request, "batches.cancel"), m.group(1));
        } else if (method == HttpMethod.GET && (m = BATCH.matcher(path)).matches()) {
            batches.batch(exchange(request, "batches"), m.group(1));
        } else {
            exchange(request, "unknown").error(OpenAiError.notFound("unknown_url", "no route for " + method + " " + path));
        }
    }

    private HttpExchange exchange(HttpServerRequest request, String endpoint) {
        return new HttpExchange(request, metrics, endpoint);
    }

    private void model(HttpExchange exchange, String id) {
        if (models.contains(id)) {
            exchange.json(200, model(id));
        } else {
            exchange.error(OpenAiError.notFound("model_not_found", "model '" + id + "' is not served here; served: " + models));
        }
    }

    private ObjectNode modelList() {
        ObjectNode list = JsonNodeFactory.instance.objectNode();
        list.put("object", "list");
        ArrayNode data = list.putArray("data");
        models.forEach(id -> data.add(model(id)));
        return list;
    }

    private static ObjectNode model(String id) {
        ObjectNode model = JsonNodeFactory.instance.objectNode();
        model.put("id", id);
        model.put("object", "model");
        model.put("created", 0);
        model.put("owned_by", "switchboard");
        return model;
    }
}
