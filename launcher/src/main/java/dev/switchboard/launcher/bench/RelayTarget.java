package dev.switchboard.launcher.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.kafka.TopicAdmin;
import dev.switchboard.schemas.Tier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The floor to compare Switchboard with: the same hops and nothing else. A producer writes each request to a topic;
 * share consumers (the workers' kind) or a classic consumer group call the same simulator over HTTP with many calls
 * in flight and write each answer to a second topic, which the bench reads. No exactly-once, no state, no routing,
 * no cache. The topics and group are named after the run, so runs against one cluster never share them.
 */
final class RelayTarget implements BenchTarget {
    static final String NAME = "relay";
    /** As many consumers, records per poll, and calls in flight as the workers' standard tier has by default. */
    static final int CONSUMERS = 4;
    static final int MAX_POLL_RECORDS = 32;
    static final int CLASSIC_MAX_IN_FLIGHT = 160;
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String bootstrapServers;
    private final String requestsTopic;
    private final String answersTopic;
    private final BenchSettings settings;
    private final URI chatCompletions;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final KafkaProducer<String, byte[]> producer;
    private final List<Thread> consumers = new ArrayList<>();
    private final List<Runnable> wakeups = new ArrayList<>();
    private final AnswerReader reader;
    private volatile boolean running = true;

    RelayTarget(String bootstrapServers, URI simulatorBase, int partitions, String run, BenchSettings settings, AnswerTracker tracker) {
        this.bootstrapServers = bootstrapServers;
        this.requestsTopic = "bench.relay." + run + ".requests";
        this.answersTopic = "bench.relay." + run + ".answers";
        this.settings = settings;
        this.chatCompletions = URI.create(simulatorBase + "/chat/completions");
        String group = "bench-relay-" + run;
        try (TopicAdmin admin = TopicAdmin.connect(bootstrapServers)) {
            admin.ensureTopics(List.of(new NewTopic(requestsTopic, Optional.of(partitions), Optional.empty()),
                    new NewTopic(answersTopic, Optional.of(partitions), Optional.empty())));
            if (settings.relayConsumer() == BenchSettings.RelayConsumer.SHARE) {
                admin.setShareGroupConfig(group, Map.of("share.auto.offset.reset", "earliest"));
            }
        }
        this.producer = SwitchboardTarget.producer(bootstrapServers);
        this.reader = new AnswerReader(bootstrapServers, answersTopic, RelayTarget::decode, tracker);
        for (int i = 0; i < (settings.relayConsumer() == BenchSettings.RelayConsumer.SHARE ? CONSUMERS : 1); i++) {
            Runnable loop = settings.relayConsumer() == BenchSettings.RelayConsumer.SHARE
                    ? shareLoop(consumerProps(bootstrapServers, group)) : classicLoop(consumerProps(bootstrapServers, group));
            Thread thread = new Thread(loop, "bench-relay-" + i);
            thread.setDaemon(true);
            consumers.add(thread);
            thread.start();
        }
    }

    private static Properties consumerProps(String bootstrapServers, String group) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        return props;
    }

    /** Each poll's calls all finish before the next poll, which acknowledges them (implicit mode), as a worker's batch does. */
    private Runnable shareLoop(Properties props) {
        KafkaShareConsumer<String, byte[]> consumer = new KafkaShareConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(requestsTopic));
        synchronized (wakeups) {
            wakeups.add(consumer::wakeup);
        }
        return () -> {
            try (consumer) {
                while (running) {
                    List<CompletableFuture<?>> calls = new ArrayList<>();
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                        calls.add(relay(record));
                    }
                    awaitBatch(calls);
                }
            } catch (WakeupException | InterruptedException e) {
                // closing
            }
        };
    }

    /** A call that outlives its timeout has answered FAILED by then; the next poll acknowledges the batch either way. */
    private static void awaitBatch(List<CompletableFuture<?>> calls) throws InterruptedException {
        try {
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(CALL_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // counted by the bench as a missing or failed answer
        }
    }

    /** Offsets committed automatically; calls bounded by a count of calls in flight, never waited for by the poll. */
    private Runnable classicLoop(Properties props) {
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(requestsTopic));
        synchronized (wakeups) {
            wakeups.add(consumer::wakeup);
        }
        Semaphore inFlight = new Semaphore(CLASSIC_MAX_IN_FLIGHT);
        return () -> {
            try (consumer) {
                while (running) {
                    ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                    for (ConsumerRecord<String, byte[]> record : records) {
                        inFlight.acquire();
                        relay(record).whenComplete((done, error) -> inFlight.release());
                    }
                }
            } catch (WakeupException | InterruptedException e) {
                // closing
            }
        };
    }

    /** One call to the simulator and its answer written; completes when the answer is acknowledged by the broker. */
    private CompletableFuture<?> relay(ConsumerRecord<String, byte[]> record) {
        String[] submittedAndPrompt = new String(record.value(), StandardCharsets.UTF_8).split("\n", 2);
        long callStart = System.currentTimeMillis();
        long queueMs = Math.max(0, callStart - Long.parseLong(submittedAndPrompt[0]));
        ObjectNode body = JSON.createObjectNode().put("model", settings.model()).put("max_tokens", settings.maxTokens()).put("temperature", 0.0);
        body.putArray("messages").addObject().put("role", "user").put("content", submittedAndPrompt[1]);
        HttpRequest call = HttpRequest.newBuilder(chatCompletions).timeout(CALL_TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        return http.sendAsync(call, HttpResponse.BodyHandlers.ofString())
                .handle((response, error) -> error == null && response.statusCode() == 200 ? BenchRow.OK : "FAILED")
                .thenCompose(status -> {
                    CompletableFuture<Object> written = new CompletableFuture<>();
                    byte[] answer = (status + "\t" + queueMs).getBytes(StandardCharsets.UTF_8);
                    producer.send(new ProducerRecord<>(answersTopic, record.key(), answer), (metadata, e) -> written.complete(null));
                    return written;
                });
    }

    private static Optional<AnswerReader.Decoded> decode(ConsumerRecord<String, byte[]> record) {
        String[] statusAndQueue = new String(record.value(), StandardCharsets.UTF_8).split("\t");
        return Optional.of(new AnswerReader.Decoded(record.key(), statusAndQueue[0], Long.parseLong(statusAndQueue[1])));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void send(String requestId, Tier tier, String prompt, long submittedAtMillis) {
        producer.send(new ProducerRecord<>(requestsTopic, requestId, (submittedAtMillis + "\n" + prompt).getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        synchronized (wakeups) {
            wakeups.forEach(Runnable::run);
        }
        for (Thread consumer : consumers) {
            consumer.join(Duration.ofSeconds(10).toMillis());
        }
        reader.close();
        producer.close();
        try (TopicAdmin admin = TopicAdmin.connect(bootstrapServers)) {
            admin.admin().deleteTopics(List.of(requestsTopic, answersTopic)).all().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // Left behind on a cluster that refuses deletes; named after the run, so harmless to the next.
        }
    }
}
