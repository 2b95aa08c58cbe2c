package dev.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.launcher.config.SwitchboardConfig;
import dev.switchboard.launcher.registry.ApicurioRegistry;
import dev.switchboard.launcher.registry.JavaRuntimes;
import dev.switchboard.schemas.Topics;
import dev.switchboard.schemas.serde.ConfluentAvroSerde;
import dev.switchboard.schemas.serde.SchemaRegistryClient;
import dev.switchboard.schemas.serde.SchemaRegistryException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The pipeline contract and the project's registry client against a real Confluent-API registry: Apicurio Registry's
 * prebuilt distribution (the version in the parent pom's {@code apicurio.version}, unpacked into target/ by the
 * {@code registry-it} profile), run on Java 21+ at 127.0.0.1 on ports the OS picks, through its ccompat API.
 * Skipped, with the reason, where the distribution is not unpacked or no Java 21+ is found
 * ({@value #JAVA_HOME_ENV} overrides the search of the running JVM and {@code /usr/lib/jvm}).
 */
@ExtendWith(ApicurioRegistryIT.Prerequisites.Condition.class)
class ApicurioRegistryIT extends PipelineContract {
    static final String HOME_PROPERTY = "switchboard.apicurio.home";
    static final String JAVA_HOME_ENV = "SWITCHBOARD_REGISTRY_JAVA_HOME";
    static final Path JVM_ROOT = Path.of("/usr/lib/jvm");
    private static final int APICURIO_MINIMUM_JAVA = 21;
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static ApicurioRegistry registry;

    @BeforeAll
    static void startRegistry() throws IOException, InterruptedException {
        Prerequisites found = Prerequisites.find();
        registry = ApicurioRegistry.start(found.home().orElseThrow(), found.java().orElseThrow(), Path.of("target", "apicurio.log"));
    }

    @AfterAll
    static void stopRegistry() throws InterruptedException {
        if (registry != null) {
            registry.close();
        }
    }

    @Override
    SwitchboardConfig config() {
        return fastDefaults().withRegistry(new SwitchboardConfig.RegistrySettings(registry.ccompatUrl(), -1));
    }

    @Test
    @Override
    void shouldAnswerEveryRequestExactlyOnceAndAggregateItsExactCost() {
        super.shouldAnswerEveryRequestExactlyOnceAndAggregateItsExactCost();

        assertThat(subjects()).as("the pipeline's Avro topics registered their value schemas in Apicurio")
                .contains(ConfluentAvroSerde.subject(Topics.RESPONSES), ConfluentAvroSerde.subject(Topics.USAGE),
                        ConfluentAvroSerde.subject(Topics.CACHE_FILL));
    }

    @Test
    void shouldRegisterLookUpByIdAcceptACompatibleEvolutionAndRefuseAnIncompatibleOne() {
        String subject = "switchboard-it.greetings-value";
        requireBackwardCompatibility(subject);
        Schema v1 = greeting("""
                {"name":"text","type":"string"}""");
        Schema v2 = greeting("""
                {"name":"text","type":"string"},{"name":"language","type":"string","default":"en"}""");
        Schema textAsNumber = greeting("""
                {"name":"text","type":"int"}""");
        SchemaRegistryClient writer = SchemaRegistryClient.forUrl(registry.ccompatUrl());

        int first = writer.register(subject, v1);
        int evolved = writer.register(subject, v2);

        assertThat(SchemaRegistryClient.forUrl(registry.ccompatUrl()).register(subject, v1)).as("registering again finds the same id").isEqualTo(first);
        assertThat(evolved).isNotEqualTo(first);
        SchemaRegistryClient reader = SchemaRegistryClient.forUrl(registry.ccompatUrl());
        assertThat(reader.schemaById(first)).isEqualTo(v1);
        assertThat(reader.schemaById(evolved)).isEqualTo(v2);
        assertThatThrownBy(() -> writer.register(subject, textAsNumber))
                .isInstanceOf(SchemaRegistryException.class).hasMessageContaining("409");
        assertThatThrownBy(() -> reader.schemaById(Integer.MAX_VALUE))
                .isInstanceOf(SchemaRegistryException.class).hasMessageContaining("404");
        assertThat(versions(subject)).as("the refused schema added no version").hasSize(2);
    }

    /** The unpacked distribution and a Java 21+ to run it, or why the tests cannot run (reported as skipped, not as zero tests). */
    record Prerequisites(Optional<Path> home, Optional<Path> java, String missing) {
        static Prerequisites find() {
            String home = System.getProperty(HOME_PROPERTY, "");
            if (home.isBlank() || !Files.isRegularFile(Path.of(home, ApicurioRegistry.RUNNER))) {
                return new Prerequisites(Optional.empty(), Optional.empty(), "Apicurio's distribution is not unpacked at -D"
                        + HOME_PROPERTY + "='" + home + "'; run ./mvnw verify -Pregistry-it");
            }
            Optional<Path> explicit = Optional.ofNullable(System.getenv(JAVA_HOME_ENV)).filter(s -> !s.isBlank()).map(Path::of);
            Optional<Path> java = JavaRuntimes.find(APICURIO_MINIMUM_JAVA, explicit, Path.of(System.getProperty("java.home")), JVM_ROOT);
            String missing = java.isPresent() ? "" : "Apicurio needs Java " + APICURIO_MINIMUM_JAVA + "+ and none was found ("
                    + explicit.map(p -> JAVA_HOME_ENV + "=" + p + " is older or not a JDK").orElse("running JVM and " + JVM_ROOT + "/*; set " + JAVA_HOME_ENV) + ")";
            return new Prerequisites(Optional.of(Path.of(home)), java, missing);
        }

        static final class Condition implements ExecutionCondition {
            @Override
            public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
                Prerequisites found = find();
                return found.java().isPresent()
                        ? ConditionEvaluationResult.enabled("Apicurio at " + found.home().orElseThrow() + ", Java at " + found.java().orElseThrow())
                        : ConditionEvaluationResult.disabled(found.missing());
            }
        }
    }

    private static Schema greeting(String fields) {
        return new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Greeting\",\"namespace\":\"dev.switchboard.it\",\"fields\":[" + fields + "]}");
    }

    /** Compatibility is an operator's setting, not the serdes' business: set it over the API as an operator would. */
    private static void requireBackwardCompatibility(String subject) {
        HttpRequest put = HttpRequest.newBuilder(URI.create(registry.ccompatUrl() + "/config/" + subject))
                .header("Content-Type", CONTENT_TYPE).PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\":\"BACKWARD\"}")).build();
        assertThat(send(put).path("compatibility").asText()).isEqualTo("BACKWARD");
    }

    private static List<String> subjects() {
        return texts(send(HttpRequest.newBuilder(URI.create(registry.ccompatUrl() + "/subjects")).build()));
    }

    private static List<String> versions(String subject) {
        return texts(send(HttpRequest.newBuilder(URI.create(registry.ccompatUrl() + "/subjects/" + subject + "/versions")).build()));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static JsonNode send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(request.method() + " " + request.uri() + ": " + response.body()).isEqualTo(200);
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
