package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.schemas.LlmRequest;
import dev.switchboard.schemas.LlmResponse;
import dev.switchboard.schemas.serde.MockSchemaRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryJournalTest {
    @TempDir
    Path dir;

    @Test
    void shouldGiveTheSameIdsAfterARestart() {
        Path journal = dir.resolve("schemas.jsonl");
        MockSchemaRegistry before = MockSchemaRegistry.scope("journal-before");
        RegistryJournal.attach(before, journal);
        int responses = before.register("llm.responses-value", LlmResponse.getClassSchema());
        int requests = before.register("llm.requests-value", LlmRequest.getClassSchema());

        MockSchemaRegistry after = MockSchemaRegistry.scope("journal-after");
        RegistryJournal.attach(after, journal);

        assertThat(after.schemaById(responses)).isEqualTo(LlmResponse.getClassSchema());
        assertThat(after.schemaById(requests)).isEqualTo(LlmRequest.getClassSchema());
        assertThat(after.register("llm.responses-value", LlmResponse.getClassSchema())).isEqualTo(responses);
        MockSchemaRegistry.drop("journal-before");
        MockSchemaRegistry.drop("journal-after");
    }
}
