package dev.switchboard.schemas.streams;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production failure policy of every Switchboard Streams app (the router's parts and the cost aggregator), chosen
 * so that no input record can stop its partition.
 *
 * <ul>
 *   <li>A record that cannot be serialized (in particular one over the size limit, see
 *       {@link dev.switchboard.schemas.serde.OversizedRecordException}) is skipped and logged. Serializing happens before the producer sees the
 *       record, so the exactly-once transaction is untouched; failing instead would replace the thread, which reads
 *       the same input, fails the same way, and stops the partition for good. The processors bound what they write,
 *       so this is a last line of defence, not a path a request takes.</li>
 *   <li>A send that fails is retried when the error is retriable and fails the task otherwise: under exactly-once
 *       the producer has already marked the transaction for abort, so skipping could not keep the other records of
 *       the transaction; Streams aborts and processes the input again from the last commit.</li>
 * </ul>
 */
public final class SkipUnwritableRecords implements ProductionExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SkipUnwritableRecords.class);

    @Override
    public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
                                             SerializationExceptionOrigin origin) {
        LOG.error("skipped a record for {} that cannot be written ({} of input {}-{} offset {}): {}", record.topic(),
                origin, context.topic(), context.partition(), context.offset(), exception.getMessage());
        return Response.resume();
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        return exception instanceof RetriableException ? Response.retry() : Response.fail();
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}
