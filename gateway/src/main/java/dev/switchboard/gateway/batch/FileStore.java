package dev.switchboard.gateway.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.gateway.state.CompactedView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Files on the compacted {@code llm.files} topic: one record per file, its content as the value and its metadata as
 * a header. The gateway keeps only the metadata and where the record is in memory; content is read back from Kafka by
 * offset when a batch starts or a file is downloaded, so files cost no heap and a restarted gateway serves them all.
 */
final class FileStore implements AutoCloseable {
    static final String METADATA_HEADER = "switchboard.file";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    /** A file and where its content is. */
    private record Located(StoredFile file, TopicPartition partition, long offset) {
    }

    private final String topic;
    private final CompactedView<Located> index;
    private final KafkaConsumer<String, byte[]> contentReader;

    FileStore(String bootstrapServers, String topic, int maxFileBytes) {
        this.topic = topic;
        this.index = CompactedView.ofRecords(bootstrapServers, topic, FileStore::locate, maxFileBytes);
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(maxFileBytes + 64 * 1024));
        this.contentReader = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    StoredFile put(StoredFile file, byte[] content) {
        List<Header> headers = List.of(new RecordHeader(METADATA_HEADER, write(file)));
        return index.put(file.id(), content, headers, written -> new Located(file, new TopicPartition(topic, written.partition()), written.offset()))
                .file();
    }

    Optional<StoredFile> get(String id) {
        return index.get(id).map(Located::file);
    }

    /** The file's content, read from its record; one reader serves one download at a time. */
    synchronized byte[] content(String id) {
        Located at = index.get(id).orElseThrow(() -> new IllegalArgumentException("no file " + id));
        contentReader.assign(List.of(at.partition()));
        contentReader.seek(at.partition(), at.offset());
        long until = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (System.nanoTime() < until) {
            for (ConsumerRecord<String, byte[]> record : contentReader.poll(Duration.ofMillis(200))) {
                if (record.offset() == at.offset() && id.equals(record.key())) {
                    return record.value();
                }
                if (record.offset() >= at.offset()) {
                    throw new IllegalStateException("the record of file " + id + " at " + at + " is gone from " + topic);
                }
            }
        }
        throw new IllegalStateException("could not read file " + id + " from " + topic + " within " + READ_TIMEOUT);
    }

    /** Records without the metadata header (none are written so) are skipped by the view as unreadable. */
    private static Located locate(ConsumerRecord<String, byte[]> record) {
        Header metadata = record.headers().lastHeader(METADATA_HEADER);
        if (metadata == null) {
            throw new IllegalArgumentException("no " + METADATA_HEADER + " header");
        }
        try {
            return new Located(JSON.readValue(metadata.value(), StoredFile.class), new TopicPartition(record.topic(), record.partition()),
                    record.offset());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] write(StoredFile file) {
        try {
            return JSON.writeValueAsBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            contentReader.close(Duration.ofSeconds(5));
        }
        index.close();
    }
}
