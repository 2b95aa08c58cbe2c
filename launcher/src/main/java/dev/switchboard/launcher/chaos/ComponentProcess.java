package dev.switchboard.launcher.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Switchboard component ({@code router}, {@code worker}, {@code cost}) as its own JVM, started from this
 * process's classpath (the launcher jar, or a test's classpath) with its own config file, environment and log.
 * It can be killed as a crash would (SIGKILL) and started again on the same settings.
 */
final class ComponentProcess implements AutoCloseable {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path log;
    private Process process;
    private int starts;

    ComponentProcess(String name, String component, Path config, String heap, Map<String, String> environment, Path log) {
        this(name, List.of(component), config, heap, environment, log);
    }

    /** @param command the subcommand and its own flags, e.g. {@code router --open} */
    ComponentProcess(String name, List<String> command, Path config, String heap, Map<String, String> environment, Path log) {
        this.name = name;
        this.environment = new HashMap<>(environment);
        this.log = log;
        this.command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), heap,
                "-cp", System.getProperty("java.class.path"),
                "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=dev.switchboard",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dorg.slf4j.simpleLogger.log.org.apache.kafka=error",
                "-Dorg.slf4j.simpleLogger.log.kafka=error",
                "dev.switchboard.launcher.SwitchboardCommand"));
        this.command.addAll(command);
        this.command.addAll(List.of("--config", config.toString(), "--metrics-port", "-1"));
    }

    String name() {
        return name;
    }

    synchronized void start() {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        try {
            process = builder.start();
            starts++;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    /** Starts it again with one setting of its environment changed (or removed, for a null value). */
    synchronized void setEnvironment(String key, String value) {
        if (value == null) {
            environment.remove(key);
        } else {
            environment.put(key, value);
        }
    }

    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    synchronized int starts() {
        return starts;
    }

    /** The exit status once it has exited, waiting at most {@code timeout}; empty while it runs. */
    java.util.OptionalInt awaitExit(Duration timeout) throws InterruptedException {
        Process current;
        synchronized (this) {
            current = process;
        }
        if (current == null || !current.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return java.util.OptionalInt.empty();
        }
        return java.util.OptionalInt.of(current.exitValue());
    }

    /** SIGKILL, as a crash: no shutdown hook runs, nothing is flushed. Returns once the process is gone. */
    synchronized void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    Path log() {
        return log;
    }

    boolean logContains(String text) {
        try {
            return java.nio.file.Files.exists(log) && java.nio.file.Files.readString(log, java.nio.charset.StandardCharsets.UTF_8).contains(text);
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    /** SIGTERM (a graceful stop), forced after 30 s. */
    @Override
    public synchronized void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
