package dev.switchboard.launcher.registry;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Apicurio Registry's prebuilt distribution (the Quarkus app unpacked from {@code apicurio-registry-app-<v>-all.tar.gz})
 * as a child process: in-memory storage, its API and its management interface bound to 127.0.0.1 on ports the OS
 * picks. Ready once Quarkus logs where it listens and the management interface reports ready. The process's output
 * goes to a log file.
 */
public final class ApicurioRegistry implements AutoCloseable {
    /** The Confluent Schema Registry API, version 7. */
    public static final String CCOMPAT_PATH = "/apis/ccompat/v7";
    public static final String RUNNER = "quarkus-run.jar";
    private static final Pattern LISTENING = Pattern.compile(
            "Listening on: http://127\\.0\\.0\\.1:(\\d+)\\. Management interface listening on http://127\\.0\\.0\\.1:(\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration READY_POLL = Duration.ofMillis(200);
    private static final int LOG_TAIL_LINES = 30;

    private final Process process;
    private final URI api;
    private final URI management;

    private ApicurioRegistry(Process process, URI api, URI management) {
        this.process = process;
        this.api = api;
        this.management = management;
    }

    /** Starts the app in {@code home} (the directory holding quarkus-run.jar) with {@code javaHome}'s java; blocks until ready. */
    public static ApicurioRegistry start(Path home, Path javaHome, Path log) throws IOException, InterruptedException {
        List<String> command = List.of(JavaRuntimes.executable(javaHome).toString(), "-Xmx512m",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=0",
                "-Dquarkus.management.host=127.0.0.1", "-Dquarkus.management.port=0",
                "-jar", RUNNER);
        Process process = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true).start();
        CompletableFuture<int[]> ports = new CompletableFuture<>();
        Deque<String> tail = new ArrayDeque<>();
        Thread pump = new Thread(() -> copyOutput(process, log, ports, tail), "apicurio-log");
        pump.setDaemon(true);
        pump.start();
        try {
            int[] bound = ports.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            ApicurioRegistry registry = new ApicurioRegistry(process,
                    URI.create("http://127.0.0.1:" + bound[0]), URI.create("http://127.0.0.1:" + bound[1]));
            registry.awaitReady();
            return registry;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            process.destroyForcibly();
            String lines;
            synchronized (tail) {
                lines = String.join("\n", tail);
            }
            throw new IllegalStateException("Apicurio did not start (" + e.getMessage() + "); last lines of " + log + ":\n" + lines, e);
        }
    }

    /** The Confluent-compatible API, the URL Switchboard's registry settings take. */
    public String ccompatUrl() {
        return api + CCOMPAT_PATH;
    }

    public URI api() {
        return api;
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(management.resolve("/health/ready")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new IllegalStateException("not ready at " + ready.uri());
            }
            Thread.sleep(READY_POLL.toMillis());
        }
    }

    private static void copyOutput(Process process, Path log, CompletableFuture<int[]> ports, Deque<String> tail) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.println(line);
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > LOG_TAIL_LINES) {
                        tail.removeFirst();
                    }
                }
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    ports.complete(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))});
                }
            }
            ports.completeExceptionally(new IllegalStateException("exited with " + process.waitFor()));
        } catch (IOException e) {
            ports.completeExceptionally(new UncheckedIOException(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ports.completeExceptionally(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
