package dev.switchboard.router;

import dev.switchboard.schemas.LlmResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Byte layouts of the router's own store values. Responses inside them use Avro single-object encoding (schema
 * fingerprint + binary), so entries written by an older build stay readable without a registry round trip.
 */
public final class StoreValues {
    private StoreValues() {
    }

    /** How a store value is written and read, field by field. */
    public interface Codec<T> {
        void write(T value, DataOutputStream out) throws IOException;

        T read(DataInputStream in) throws IOException;
    }

    public static <T> Serde<T> serde(Codec<T> codec) {
        Serializer<T> serializer = (topic, value) -> value == null ? null : encode(codec, value);
        Deserializer<T> deserializer = (topic, bytes) -> bytes == null ? null : decode(codec, bytes);
        return Serdes.serdeFrom(serializer, deserializer);
    }

    public static void writeResponse(LlmResponse response, DataOutputStream out) throws IOException {
        ByteBuffer buffer = response.toByteBuffer();
        out.writeInt(buffer.remaining());
        out.write(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
    }

    public static LlmResponse readResponse(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return LlmResponse.fromByteBuffer(ByteBuffer.wrap(bytes));
    }

    private static <T> byte[] encode(Codec<T> codec, T value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            codec.write(value, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static <T> T decode(Codec<T> codec, byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return codec.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
