package dev.switchboard.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.schemas.serde.MockSchemaRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.avro.Schema;

/**
 * Keeps the in-memory registry's ids valid across restarts with a data directory: every registration is appended to
 * a journal, and at startup the journal is replayed in order into the empty registry, which then hands out the same
 * ids. Records written before a restart stay readable after it.
 */
final class RegistryJournal {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RegistryJournal() {
    }

    static void attach(MockSchemaRegistry registry, Path journal) {
        try {
            Files.createDirectories(journal.getParent());
            if (Files.exists(journal)) {
                for (String line : Files.readAllLines(journal, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        JsonNode entry = JSON.readTree(line);
                        registry.register(entry.path("subject").asText(), new Schema.Parser().parse(entry.path("schema").asText()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replay the schema journal " + journal, e);
        }
        registry.onNewRegistration((subject, schema) -> append(journal, subject, schema));
    }

    private static void append(Path journal, String subject, Schema schema) {
        String line = JSON.createObjectNode().put("subject", subject).put("schema", schema.toString()).toString() + "\n";
        try {
            Files.writeString(journal, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the schema journal " + journal, e);
        }
    }
}
