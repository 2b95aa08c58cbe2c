package dev.switchboard.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** JSON Lines helpers: split an uploaded file into numbered lines, write result objects one per line. */
final class Jsonl {

    /** A non-blank line and its 1-based number in the file. */
    record Line(int number, String text) {
    }

    private Jsonl() {
    }

    static List<Line> lines(byte[] content) {
        String[] raw = new String(content, StandardCharsets.UTF_8).split("\r?\n", -1);
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < raw.length; i++) {
            if (!raw[i].isBlank()) {
                lines.add(new Line(i + 1, raw[i]));
            }
        }
        return lines;
    }

    static byte[] write(ObjectMapper mapper, List<? extends JsonNode> objects) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (JsonNode node : objects) {
            try {
                out.writeBytes(mapper.writeValueAsBytes(node));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
            out.write('\n');
        }
        return out.toByteArray();
    }
}
