package dev.switchboard.worker.provider.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * The published API descriptions under {@code ${switchboard.shared.data}/specs}, set by the parent pom for
 * surefire. Absent files give an empty result so contract tests can skip.
 *
 * <p>Reading the OpenAI YAML needs {@code jackson-dataformat-yaml}, which today reaches the worker's test classpath
 * only transitively (through {@code embedded-kafka} and Kafka's server jar).
 */
public final class Specs {
    public static final String DATA_PROPERTY = "switchboard.shared.data";
    public static final String OPENAI = "openai-openapi.yaml";
    /** JSON content despite its name. */
    public static final String ANTHROPIC = "anthropic-openapi.yaml";

    /** The OpenAI description is about 3 MB, at SnakeYAML's default code point limit. */
    private static final int YAML_CODE_POINT_LIMIT = 64 * 1024 * 1024;

    private Specs() {
    }

    public static Optional<Path> path(String file) {
        String root = System.getProperty(DATA_PROPERTY);
        if (root == null || root.isBlank()) {
            return Optional.empty();
        }
        Path path = Path.of(root, "specs", file);
        return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
    }

    public static Optional<JsonNode> anthropic() {
        return path(ANTHROPIC).map(p -> read(new ObjectMapper(), p));
    }

    public static Optional<JsonNode> openAi() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(YAML_CODE_POINT_LIMIT);
        ObjectMapper yaml = new ObjectMapper(YAMLFactory.builder().loaderOptions(options).build());
        return path(OPENAI).map(p -> read(yaml, p));
    }

    private static JsonNode read(ObjectMapper mapper, Path path) {
        try {
            return mapper.readTree(path.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
