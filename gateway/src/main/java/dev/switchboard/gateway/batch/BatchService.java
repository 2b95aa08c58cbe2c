package dev.switchboard.gateway.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.openai.ChatCallReader;
import dev.switchboard.gateway.openai.ErrorMapping;
import dev.switchboard.gateway.openai.OpenAiError;
import dev.switchboard.gateway.state.CompactedView;
import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.ResponseStatus;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.json.RequestFormatException;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Files and batches. An uploaded JSONL file is kept on {@code llm.files} ({@link FileStore}: content in Kafka, metadata
 * in memory); a batch publishes every line of it at once as
 * a batch-tier request (request id {@code <batch>-<line>}, deadline the end of the completion window) answering to the
 * shared {@code llm.replies.batches} topic, and is kept on {@code llm.batches}. {@link BatchResults} reads that
 * reply topic from its start, so a restarted gateway finds every answer again; when the last line of a batch is
 * answered its output and error files are written and the batch is finished. Finishing is idempotent (file ids follow
 * from the batch id), so several gateways may follow the same batches.
 */
public final class BatchService implements AutoCloseable {
    public static final String FILES_TOPIC = "llm.files";
    public static final String BATCHES_TOPIC = "llm.batches";
    public static final String REPLY_TOPIC = Topics.REPLIES_PREFIX + "batches";
    static final String META_BATCH = "batch_id";
    static final String META_CUSTOM_ID = "custom_id";
    static final String META_LINE = "batch_line";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FileStore files;
    private final CompactedView<BatchRecord> batches;
    private final KafkaProducer<String, byte[]> producer;
    private final Serializer<LlmRequest> requests;
    private final ChatCallReader reader;
    private final ErrorMapping errors;
    private final Clock clock;
    private final Duration window;
    private final Map<String, Map<Integer, String>> okLines = new ConcurrentHashMap<>();
    private final Map<String, Map<Integer, String>> errorLines = new ConcurrentHashMap<>();
    private final BatchResults results;

    public BatchService(String bootstrapServers, SwitchboardSerdes serdes, ChatCallReader reader, ErrorMapping errors, Clock clock,
                        Duration window, int maxFileBytes) {
        this.reader = reader;
        this.errors = errors;
        this.clock = clock;
        this.window = window;
        this.files = new FileStore(bootstrapServers, FILES_TOPIC, maxFileBytes);
        this.batches = new CompactedView<>(bootstrapServers, BATCHES_TOPIC, bytes -> read(bytes, BatchRecord.class), 1024 * 1024);
        this.requests = serdes.requests().serializer();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.results = new BatchResults(bootstrapServers, REPLY_TOPIC, serdes.responses().deserializer(), this::answered);
    }

    public StoredFile upload(String filename, String purpose, byte[] content, String tenant) {
        if (!"batch".equals(purpose)) {
            throw new BatchException(OpenAiError.badRequest("purpose must be 'batch', got '" + purpose + "'"));
        }
        StoredFile file = new StoredFile("file-" + compactUuid(), tenant, purpose, filename == null ? "upload.jsonl" : filename, content.length,
                clock.instant().getEpochSecond());
        return files.put(file, content);
    }

    public StoredFile file(String id, String tenant) {
        return files.get(id).filter(f -> f.tenant().equals(tenant))
                .orElseThrow(() -> new BatchException(OpenAiError.notFound("file_not_found", "no file " + id)));
    }

    /** The file's bytes, read back from Kafka. */
    public byte[] content(String id, String tenant) {
        return files.content(file(id, tenant).id());
    }

    /** Publishes every valid line as a batch-tier request and records the batch. */
    public synchronized BatchRecord create(String inputFileId, String endpoint, String completionWindow, Map<String, String> metadata,
                                           Function<String, String> headers, String apiKey, String tenant) {
        if (!BatchLines.CHAT_COMPLETIONS.equals(endpoint)) {
            throw new BatchException(OpenAiError.badRequest("endpoint must be " + BatchLines.CHAT_COMPLETIONS + ", got " + endpoint));
        }
        StoredFile input = file(inputFileId, tenant);
        List<BatchLines.InputLine> lines = BatchLines.parse(new String(files.content(input.id()), StandardCharsets.UTF_8));
        if (lines.isEmpty()) {
            throw new BatchException(OpenAiError.badRequest("file " + inputFileId + " has no lines"));
        }
        String batchId = "batch_" + compactUuid();
        Instant now = clock.instant();
        Instant expires = now.plus(window);
        List<BatchRecord.InvalidLine> invalid = new ArrayList<>();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (BatchLines.InputLine line : lines) {
            if (!line.valid()) {
                invalid.add(new BatchRecord.InvalidLine(line.line(), line.customId(), line.problem()));
                continue;
            }
            try {
                LlmRequest request = request(batchId, line, headers, apiKey, now, expires);
                sent.add(producer.send(new ProducerRecord<>(Topics.REQUESTS, request.getTenant(), requests.serialize(Topics.REQUESTS, request))));
            } catch (RequestFormatException e) {
                invalid.add(new BatchRecord.InvalidLine(line.line(), line.customId(), "line " + line.line() + ": " + e.getMessage()));
            }
        }
        awaitAll(sent);
        BatchRecord batch = new BatchRecord(batchId, tenant, inputFileId, endpoint, completionWindow, BatchRecord.IN_PROGRESS, lines.size(),
                invalid, metadata, now.getEpochSecond(), expires.getEpochSecond(), null, null, null, null, 0, 0);
        batches.put(batchId, batch, write(batch));
        finishIfDone(batchId);
        return batches.get(batchId).orElse(batch);
    }

    public BatchRecord batch(String id, String tenant) {
        return batches.get(id).filter(b -> b.tenant().equals(tenant))
                .orElseThrow(() -> new BatchException(OpenAiError.notFound("batch_not_found", "no batch " + id)));
    }

    /** Requests already published still run and are charged; their answers are kept, and the batch ends cancelled. */
    public synchronized BatchRecord cancel(String id, String tenant) {
        BatchRecord batch = batch(id, tenant);
        if (batch.finished() || batch.status().equals(BatchRecord.CANCELLING)) {
            return batch;
        }
        BatchRecord cancelling = batch.cancelling(clock.instant().getEpochSecond());
        batches.put(id, cancelling, write(cancelling));
        return cancelling;
    }

    public ObjectNode json(BatchRecord batch) {
        int ok = okLines.getOrDefault(batch.id(), Map.of()).size();
        int failed = errorLines.getOrDefault(batch.id(), Map.of()).size() + batch.invalidLines().size();
        return batch.json(ok, failed);
    }

    private LlmRequest request(String batchId, BatchLines.InputLine line, Function<String, String> headers, String apiKey, Instant now,
                               Instant expires) {
        ObjectNode body = line.body().deepCopy();
        body.put("tier", "batch");
        body.put("request_id", batchId + "-" + line.line());
        ObjectNode meta = body.has("metadata") && body.get("metadata").isObject() ? (ObjectNode) body.get("metadata") : body.putObject("metadata");
        meta.put(META_BATCH, batchId).put(META_CUSTOM_ID, line.customId()).put(META_LINE, String.valueOf(line.line()));
        LlmRequest request = reader.read(body.toString().getBytes(StandardCharsets.UTF_8), headers, apiKey).request();
        return LlmRequest.newBuilder(request).setReplyTo(REPLY_TOPIC).setDeadline(expires).setSubmittedAt(now).build();
    }

    /** Called by {@link BatchResults} for every answer on the batch reply topic, old ones included after a restart. */
    private void answered(LlmResponse answer) {
        String batchId = answer.getMetadata().get(META_BATCH);
        String line = answer.getMetadata().get(META_LINE);
        if (batchId == null || line == null) {
            return;
        }
        Optional<BatchRecord> batch = batches.get(batchId);
        if (batch.isPresent() && batch.get().finished()) {
            return; // its files are written; a replayed or duplicate answer changes nothing
        }
        String customId = answer.getMetadata().get(META_CUSTOM_ID);
        int number = Integer.parseInt(line);
        if (answer.getStatus() == ResponseStatus.OK) {
            okLines.computeIfAbsent(batchId, id -> new ConcurrentHashMap<>()).putIfAbsent(number, BatchLines.answered(customId, answer).toString());
        } else {
            errorLines.computeIfAbsent(batchId, id -> new ConcurrentHashMap<>())
                    .putIfAbsent(number, BatchLines.refused(customId, answer.getRequestId(), errors.of(answer)).toString());
        }
        finishIfDone(batchId);
    }

    private synchronized void finishIfDone(String batchId) {
        Optional<BatchRecord> found = batches.get(batchId);
        if (found.isEmpty() || found.get().finished()) {
            return;
        }
        BatchRecord batch = found.get();
        Map<Integer, String> ok = okLines.getOrDefault(batchId, Map.of());
        Map<Integer, String> refused = errorLines.getOrDefault(batchId, Map.of());
        if (ok.size() + refused.size() + batch.invalidLines().size() < batch.total()) {
            return;
        }
        StringBuilder output = new StringBuilder();
        StringBuilder errorOutput = new StringBuilder();
        Map<Integer, BatchRecord.InvalidLine> invalid = new HashMap<>();
        batch.invalidLines().forEach(i -> invalid.put(i.line(), i));
        for (int line = 1; line <= batch.total(); line++) {
            if (ok.containsKey(line)) {
                output.append(ok.get(line)).append('\n');
            } else if (refused.containsKey(line)) {
                errorOutput.append(refused.get(line)).append('\n');
            } else if (invalid.containsKey(line)) {
                errorOutput.append(BatchLines.invalid(batchId, invalid.get(line))).append('\n');
            }
        }
        String outputId = output.isEmpty() ? null : writeFile("file-" + batchId + "-output", batch.tenant(), batchId + "_output.jsonl", output.toString());
        String errorId = errorOutput.isEmpty() ? null : writeFile("file-" + batchId + "-errors", batch.tenant(), batchId + "_errors.jsonl",
                errorOutput.toString());
        BatchRecord finished = batch.finished(clock.instant().getEpochSecond(), outputId, errorId, ok.size(), refused.size() + invalid.size());
        batches.put(batchId, finished, write(finished));
        okLines.remove(batchId);
        errorLines.remove(batchId);
    }

    private String writeFile(String id, String tenant, String filename, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        files.put(new StoredFile(id, tenant, "batch_output", filename, bytes.length, clock.instant().getEpochSecond()), bytes);
        return id;
    }

    private static void awaitAll(List<Future<RecordMetadata>> sent) {
        try {
            for (Future<RecordMetadata> future : sent) {
                future.get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new BatchException(new OpenAiError(500, OpenAiError.SERVER, "publish_failed",
                    "the batch's requests could not all be published; lines already published still run: " + e.getMessage(), Optional.empty()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] write(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
        }
    }

    private static <T> T read(byte[] bytes, Class<T> type) {
        try {
            return JSON.readValue(bytes, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String compactUuid() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    @Override
    public void close() {
        results.close();
        producer.close(Duration.ofSeconds(5));
        batches.close();
        files.close();
    }
}
