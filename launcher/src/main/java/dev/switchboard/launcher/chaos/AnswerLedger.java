package dev.switchboard.launcher.chaos;

import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.serde.SwitchboardSerdes;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Every committed answer on {@code llm.responses}, read on its own thread from the start of the topic: how many
 * each request id got, the first one's cost, and when answers arrived, so the longest stall between two answers
 * (while requests were waiting) can be measured.
 */
final class AnswerLedger implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final SwitchboardSerdes serdes;
    private final Thread thread;
    private volatile boolean running = true;
    private final Map<String, Integer> counts = new HashMap<>();
    private final Map<String, LlmResponse> first = new HashMap<>();
    /** Arrival times (ms since epoch) of first answers, in order. */
    private final List<Long> arrivals = new ArrayList<>();
    private int unreadable;

    AnswerLedger(String bootstrapServers, SwitchboardSerdes serdes) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "switchboard-chaos-" + java.util.UUID.randomUUID());
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.serdes = serdes;
        consumer.subscribe(List.of(Topics.RESPONSES));
        this.thread = new Thread(this::run, "switchboard-chaos-answers");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    record(record.value());
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private synchronized void record(byte[] value) {
        LlmResponse answer;
        try {
            answer = serdes.responses().deserialize(Topics.RESPONSES, value);
        } catch (RuntimeException e) {
            unreadable++;
            return;
        }
        String id = answer.getRequestId();
        if (counts.merge(id, 1, Integer::sum) == 1) {
            first.put(id, answer);
            arrivals.add(System.currentTimeMillis());
        }
    }

    synchronized int answered(Set<String> ids) {
        return (int) ids.stream().filter(first::containsKey).count();
    }

    /** Answers beyond the first, over the given ids. */
    synchronized int duplicates(Set<String> ids) {
        return ids.stream().mapToInt(id -> Math.max(0, counts.getOrDefault(id, 0) - 1)).sum();
    }

    /** Answers to ids nobody sent (they would be a second answer under another id). */
    synchronized int strangers(Set<String> ids) {
        return (int) counts.keySet().stream().filter(id -> !ids.contains(id)).count() + unreadable;
    }

    /** The first answers' costs per tenant. */
    synchronized Map<String, BigDecimal> costByTenant(Set<String> ids) {
        Map<String, BigDecimal> byTenant = new TreeMap<>();
        ids.stream().map(first::get).filter(java.util.Objects::nonNull)
                .forEach(a -> byTenant.merge(a.getTenant(), a.getCost(), BigDecimal::add));
        return byTenant;
    }

    synchronized Map<String, Long> byStatus(Set<String> ids) {
        Map<String, Long> statuses = new TreeMap<>();
        ids.stream().map(first::get).filter(java.util.Objects::nonNull).forEach(a -> statuses.merge(a.getStatus().name(), 1L, Long::sum));
        return statuses;
    }

    /** The longest gap between two first answers that both arrived within [fromMs, toMs]. */
    synchronized long longestGap(long fromMs, long toMs) {
        long longest = 0;
        Long previous = null;
        for (long at : arrivals) {
            if (at < fromMs || at > toMs) {
                continue;
            }
            if (previous != null) {
                longest = Math.max(longest, at - previous);
            }
            previous = at;
        }
        return longest;
    }

    /** The longest gap between first answers that overlaps [fromMs, toMs] (a stall that began or ended there). */
    synchronized long gapAround(long fromMs, long toMs) {
        long longest = 0;
        for (int i = 1; i < arrivals.size(); i++) {
            long start = arrivals.get(i - 1);
            long end = arrivals.get(i);
            if (end >= fromMs && start <= toMs) {
                longest = Math.max(longest, end - start);
            }
        }
        return longest;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
