package dev.switchboard.worker.provider.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The cuts in src/test/resources/contract are what {@link SpecTrimmer} makes of the published descriptions today.
 * Opt-in, as it reads outside the repository; {@code -Dswitchboard.spec.cuts.write=true} rewrites the cuts.
 */
@EnabledIfSystemProperty(named = Specs.DATA_PROPERTY, matches = ".+",
        disabledReason = "compares the committed cuts with the published descriptions; opt in with -Dswitchboard.shared.data=<dir holding specs/>")
class SpecCutsTest {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Path SOURCE_DIR = Path.of("src", "test", "resources", Specs.FIXTURE_DIR);

    @Test
    void openAiCutIsCurrent() throws IOException {
        assertCurrent(Specs.OPENAI_CUT, Specs.publishedOpenAi().orElseThrow(), Specs.OPENAI_POINTERS);
    }

    @Test
    void anthropicCutIsCurrent() throws IOException {
        assertCurrent(Specs.ANTHROPIC_CUT, Specs.publishedAnthropic().orElseThrow(), Specs.ANTHROPIC_POINTERS);
    }

    private static void assertCurrent(String name, JsonNode published, List<String> pointers) throws IOException {
        JsonNode cut = SpecTrimmer.trim(published, pointers);
        if (Boolean.getBoolean("switchboard.spec.cuts.write")) {
            Files.createDirectories(SOURCE_DIR);
            Files.writeString(SOURCE_DIR.resolve(name), JSON.writeValueAsString(cut) + "\n");
        }
        assertThat(Specs.fixture(name)).as(name + " differs from the published description's cut; rerun with -Dswitchboard.spec.cuts.write=true")
                .isEqualTo(cut);
    }
}
