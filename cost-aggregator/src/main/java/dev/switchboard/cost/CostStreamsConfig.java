package dev.switchboard.cost;

import dev.switchboard.schemas.streams.SkipUnwritableRecords;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/** The Streams properties the aggregator runs with, on top of what the launcher passes. */
public final class CostStreamsConfig {
    public static final String DEFAULT_APPLICATION_ID = "switchboard-cost";
    public static final long DEFAULT_COMMIT_INTERVAL_MS = 1_000;

    private CostStreamsConfig() {
    }

    /**
     * Copies {@code given} and sets:
     * <ul>
     *   <li>{@code application.id} to {@value #DEFAULT_APPLICATION_ID} unless given;</li>
     *   <li>{@code processing.guarantee=exactly_once_v2}, always: a window must count each call once;</li>
     *   <li>{@code deserialization.exception.handler=LogAndContinueExceptionHandler} unless given: one
     *       unreadable usage record (corrupt bytes, unknown schema id) is logged with its topic, partition
     *       and offset and skipped; the app keeps aggregating instead of dying on a poison pill.</li>
     *   <li>{@code commit.interval.ms} to {@value #DEFAULT_COMMIT_INTERVAL_MS} unless given: windows are coalesced in the
     *       record cache until a commit, so each hot window is encoded and written once per commit, not once per event;</li>
     *   <li>{@code max.task.idle.ms} disabled: windows are by event time with grace, so a task need not wait for its
     *       other inputs before counting what it has;</li>
     *   <li>{@code enable.metrics.push=false}: no client telemetry.</li>
     *   <li>{@code production.exception.handler=}{@link SkipUnwritableRecords} unless given, the router's policy: a
     *       window, spend row or alert that cannot be serialized (over the size limit) is logged and skipped before
     *       the transaction sees it, rather than failing the task on the same input forever; a failed send is
     *       retried when retriable and fails the task (the transaction aborts and the input is read again) otherwise.</li>
     * </ul>
     */
    public static Properties of(Properties given) {
        Properties props = new Properties();
        props.putAll(given);
        props.putIfAbsent(StreamsConfig.APPLICATION_ID_CONFIG, DEFAULT_APPLICATION_ID);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.putIfAbsent(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, DEFAULT_COMMIT_INTERVAL_MS);
        props.putIfAbsent(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        props.putIfAbsent(StreamsConfig.ENABLE_METRICS_PUSH_CONFIG, false);
        props.putIfAbsent(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueExceptionHandler.class.getName());
        props.putIfAbsent(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, SkipUnwritableRecords.class.getName());
        return props;
    }
}
