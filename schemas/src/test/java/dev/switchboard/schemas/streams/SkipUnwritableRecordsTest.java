package dev.switchboard.schemas.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.schemas.serde.OversizedRecordException;
import java.lang.reflect.Proxy;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Result;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.SerializationExceptionOrigin;
import org.junit.jupiter.api.Test;

class SkipUnwritableRecordsTest {
    /** Only read for the log line: every method answers its type's empty value. */
    private static final ErrorHandlerContext CONTEXT = (ErrorHandlerContext) Proxy.newProxyInstance(
            ErrorHandlerContext.class.getClassLoader(), new Class<?>[] {ErrorHandlerContext.class}, (proxy, method, args) -> {
                Class<?> type = method.getReturnType();
                return type == int.class ? 0 : type == long.class ? 0L : type == String.class ? "llm.usage" : null;
            });
    private final SkipUnwritableRecords policy = new SkipUnwritableRecords();

    @Test
    void shouldSkipARecordThatCannotBeSerializedSoItsInputCannotStopThePartition() {
        var response = policy.handleSerializationError(CONTEXT, new ProducerRecord<>("llm.cost.tenant", "k", "v"),
                new OversizedRecordException("WindowedCost for llm.cost.tenant has 2000000 bytes"), SerializationExceptionOrigin.VALUE);

        assertThat(response.result()).isEqualTo(Result.RESUME);
    }

    @Test
    void shouldRetryARetriableSendAndFailTheTaskOtherwiseSoTheTransactionAborts() {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>("llm.spend", new byte[1], new byte[1]);

        assertThat(policy.handleError(CONTEXT, record, new NotEnoughReplicasException("2 of 3 in sync")).result()).isEqualTo(Result.RETRY);
        assertThat(policy.handleError(CONTEXT, record, new RecordTooLargeException("too large")).result()).isEqualTo(Result.FAIL);
    }
}
