package dev.switchboard.worker.provider.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * The API descriptions the contract tests check against. By default the cuts kept in this repository
 * ({@code src/test/resources/contract}, made by {@link SpecTrimmer}, licence notes beside them); with
 * {@code -Dswitchboard.shared.data=<dir>} the whole published descriptions under {@code <dir>/specs} instead.
 */
public final class Specs {
    public static final String DATA_PROPERTY = "switchboard.shared.data";
    public static final String OPENAI = "openai-openapi.yaml";
    /** JSON content despite its name. */
    public static final String ANTHROPIC = "anthropic-openapi.yaml";
    /** Where the cuts live, on the test classpath and in the source tree. */
    public static final String FIXTURE_DIR = "contract";
    public static final String OPENAI_CUT = "openai-openapi.cut.json";
    public static final String ANTHROPIC_CUT = "anthropic-openapi.cut.json";

    /** What {@code OpenAiContractTest} reads: the chat schemas and the operation's "Default" example (the first). */
    public static final List<String> OPENAI_POINTERS = List.of(
            "/components/schemas/CreateChatCompletionRequest",
            "/components/schemas/CreateChatCompletionResponse",
            "/paths/~1chat~1completions/post/x-oaiMeta/examples/0");
    /** What {@code AnthropicContractTest} reads: the messages operation's request and 200 response. */
    public static final List<String> ANTHROPIC_POINTERS = List.of(
            "/paths/~1v1~1messages/post/requestBody",
            "/paths/~1v1~1messages/post/responses/200");

    /** The OpenAI description is about 3 MB, at SnakeYAML's default code point limit. */
    private static final int YAML_CODE_POINT_LIMIT = 64 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Specs() {
    }

    public static JsonNode openAi() {
        return publishedOpenAi().orElseGet(() -> fixture(OPENAI_CUT));
    }

    public static JsonNode anthropic() {
        return publishedAnthropic().orElseGet(() -> fixture(ANTHROPIC_CUT));
    }

    /** The whole published description, when {@code -Dswitchboard.shared.data} points at it. */
    public static Optional<JsonNode> publishedOpenAi() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(YAML_CODE_POINT_LIMIT);
        ObjectMapper yaml = new ObjectMapper(YAMLFactory.builder().loaderOptions(options).build());
        return published(OPENAI).map(p -> read(yaml, p));
    }

    public static Optional<JsonNode> publishedAnthropic() {
        return published(ANTHROPIC).map(p -> read(JSON, p));
    }

    public static JsonNode fixture(String name) {
        String resource = "/" + FIXTURE_DIR + "/" + name;
        try (InputStream in = Specs.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private static Optional<Path> published(String file) {
        String root = System.getProperty(DATA_PROPERTY);
        if (root == null || root.isBlank()) {
            return Optional.empty();
        }
        Path path = Path.of(root, "specs", file);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("-D" + DATA_PROPERTY + "=" + root + " is set but " + path + " is not a file");
        }
        return Optional.of(path);
    }

    private static JsonNode read(ObjectMapper mapper, Path path) {
        try {
            return mapper.readTree(path.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
