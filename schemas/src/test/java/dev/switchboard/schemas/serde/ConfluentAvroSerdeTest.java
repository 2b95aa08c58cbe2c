package dev.switchboard.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.schemas.ChatMessage;
import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.Money;
import dev.switchboard.schemas.ResponseStatus;
import dev.switchboard.schemas.Topics;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class ConfluentAvroSerdeTest {
    private final String scope = "serde-test-" + UUID.randomUUID();
    private final SwitchboardSerdes serdes = SwitchboardSerdes.forUrl("mock://" + scope);

    static LlmRequest request(String id) {
        return LlmRequest.newBuilder()
                .setRequestId(id)
                .setTenant("acme")
                .setMessages(List.of(new ChatMessage("user", "What is Kafka?", null, null, new java.util.ArrayList<>())))
                .setDeadline(Instant.ofEpochMilli(1_700_000_000_000L))
                .build();
    }

    @Test
    void shouldWriteConfluentFramingAndReadItBack() {
        byte[] bytes = serdes.requests().serializer().serialize(Topics.REQUESTS, request("r1"));

        assertThat(bytes[0]).isEqualTo((byte) 0);
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        assertThat(MockSchemaRegistry.scope(scope).schemaById(id)).isEqualTo(LlmRequest.getClassSchema());
        assertThat(MockSchemaRegistry.scope(scope).versions("llm.requests-value")).containsExactly(id);
        assertThat(serdes.requests().deserialize(Topics.REQUESTS, bytes)).isEqualTo(request("r1"));
    }

    @Test
    void shouldKeepDecimalCostsExact() {
        LlmResponse response = LlmResponse.newBuilder()
                .setRequestId("r1").setTenant("acme").setStatus(ResponseStatus.OK)
                .setCost(Money.of("0.000123456789"))
                .setBaselineCost(Money.of("12345678901.000000000001"))
                .build();
        var serde = serdes.responses();

        LlmResponse read = serde.deserialize(Topics.RESPONSES, serde.serialize(Topics.RESPONSES, response));

        assertThat(read.getCost()).isEqualByComparingTo("0.000123456789");
        assertThat(read.getBaselineCost().toPlainString()).isEqualTo("12345678901.000000000001");
    }

    @Test
    void shouldReadRecordsWrittenWithAnOlderSchema() throws Exception {
        // An old producer that knew only request_id, tenant and messages: every newer field takes its default.
        Schema message = SchemaBuilder.record("ChatMessage").namespace("dev.switchboard.schemas").fields()
                .requiredString("role").requiredString("content").endRecord();
        Schema old = SchemaBuilder.record("LlmRequest").namespace("dev.switchboard.schemas").fields()
                .requiredString("request_id").requiredString("tenant")
                .name("messages").type().array().items(message).noDefault()
                .endRecord();
        GenericRecord m = new GenericData.Record(message);
        m.put("role", "user");
        m.put("content", "hi");
        GenericRecord r = new GenericData.Record(old);
        r.put("request_id", "old-1");
        r.put("tenant", "acme");
        r.put("messages", List.of(m));
        int id = serdes.registry().register("llm.requests-value", old);
        var out = new java.io.ByteArrayOutputStream();
        out.write(0);
        out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(old).write(r, encoder);
        encoder.flush();

        LlmRequest read = serdes.requests().deserialize(Topics.REQUESTS, out.toByteArray());

        assertThat(read.getRequestId()).isEqualTo("old-1");
        assertThat(read.getModel()).isEqualTo("auto");
        assertThat(read.getTier().name()).isEqualTo("STANDARD");
        assertThat(read.getCache().getNoCache()).isFalse();
    }

    @Test
    void shouldRejectBytesThatAreNeitherAvroNorJson() {
        assertThatThrownBy(() -> serdes.requests().deserialize(Topics.REQUESTS, "hello".getBytes()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("first byte 0x68");
        assertThatThrownBy(() -> serdes.responses().deserialize(Topics.RESPONSES, new byte[] {0, 0, 0}))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void shouldReportUnknownSchemaIds() {
        byte[] bytes = {0, 0, 0, 0x7f, 0x7f, 2, 'x'};
        assertThatThrownBy(() -> serdes.responses().deserialize(Topics.RESPONSES, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not found");
    }
}
