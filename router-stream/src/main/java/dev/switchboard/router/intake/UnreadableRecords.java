package dev.switchboard.router.intake;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Names the request an unreadable record was meant to be, so its REJECTED answer can be matched by the caller:
 * the {@code request_id} found in truncated or malformed JSON, else the record's position in the topic.
 */
final class UnreadableRecords {
    private static final Pattern REQUEST_ID = Pattern.compile("\"request_id\"\\s*:\\s*\"([^\"\\\\]{1,200})\"");
    private static final int SCAN_LIMIT = 4096;

    private UnreadableRecords() {
    }

    static String requestId(byte[] value, Optional<RecordMetadata> source) {
        if (value != null) {
            String head = new String(value, 0, Math.min(value.length, SCAN_LIMIT), StandardCharsets.UTF_8);
            Matcher matcher = REQUEST_ID.matcher(head);
            if (matcher.find()) {
                return matcher.group(1);
            }
        }
        return source.map(m -> "unreadable@" + m.topic() + "-" + m.partition() + "-" + m.offset()).orElse("unreadable");
    }
}
