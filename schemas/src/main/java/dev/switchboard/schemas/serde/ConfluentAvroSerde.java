package dev.switchboard.schemas.serde;

import dev.switchboard.schemas.RecordLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro SpecificRecords in the Confluent wire format: magic byte 0, the 4-byte big-endian schema id, then
 * Avro binary. Writers register under {@code <topic>-value}; readers resolve the writer's schema (fetched
 * by id) against the generated class, so records written with an older or newer compatible schema read fine.
 */
public final class ConfluentAvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {
    public static final byte MAGIC_BYTE = 0;
    private static final int HEADER_SIZE = 5;

    static {
        // Avro 1.12.1+ refuses to instantiate classes outside this allow-list when reading.
        if (System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES") == null) {
            System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "dev.switchboard");
        }
    }

    private final SchemaRegistryClient registry;
    private final Schema readerSchema;
    private final SpecificDatumWriter<T> writer;
    private final Map<String, Integer> idsByTopic = new ConcurrentHashMap<>();
    private final Map<Integer, SpecificDatumReader<T>> readersByWriterId = new ConcurrentHashMap<>();

    public ConfluentAvroSerde(Class<T> type, SchemaRegistryClient registry) {
        this.registry = registry;
        this.readerSchema = SpecificData.get().getSchema(type);
        this.writer = new SpecificDatumWriter<>(readerSchema);
    }

    public static String subject(String topic) {
        return topic + "-value";
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        int id = idsByTopic.computeIfAbsent(topic, t -> registry.register(subject(t), readerSchema));
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(MAGIC_BYTE);
        out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
        try {
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            writer.write(data, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot write " + readerSchema.getName() + " to " + topic + ": " + e.getMessage(), e);
        }
        if (out.size() > RecordLimits.MAX_RECORD_BYTES) {
            throw new OversizedRecordException(readerSchema.getName() + " for " + topic + " has " + out.size()
                    + " bytes; the limit is " + RecordLimits.MAX_RECORD_BYTES);
        }
        return out.toByteArray();
    }

    @Override
    public T deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.length < HEADER_SIZE || bytes[0] != MAGIC_BYTE) {
            throw new SerializationException("not Confluent-framed Avro: " + (bytes.length == 0 ? "empty record" : "first byte " + bytes[0]));
        }
        int writerId = ByteBuffer.wrap(bytes, 1, 4).getInt();
        try {
            SpecificDatumReader<T> reader = readersByWriterId.computeIfAbsent(writerId,
                    id -> new SpecificDatumReader<>(registry.schemaById(id), readerSchema));
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, HEADER_SIZE, bytes.length - HEADER_SIZE, null);
            return reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot read " + readerSchema.getName() + " (writer schema " + writerId + ") from " + topic + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
    }

    @Override
    public void close() {
    }
}
