package dev.switchboard.launcher.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Portkey's open-source gateway ({@code @portkey-ai/gateway} from npm, installed by {@code npm ci} in
 * {@code benchmarks/portkey}) run locally with node as the peer: it forwards each call to the simulator as an
 * OpenAI-compatible provider ({@code x-portkey-provider: openai} with the simulator as custom host).
 */
final class PortkeyGateway implements AutoCloseable {
    static final String NAME = "portkey";
    private static final Path START_SCRIPT = Path.of("node_modules", "@portkey-ai", "gateway", "build", "start-server.js");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final int port;

    private PortkeyGateway(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Why Portkey cannot run from {@code dir}, or empty when it can. */
    static Optional<String> unavailable(Path dir) {
        if (!Files.isRegularFile(dir.resolve(START_SCRIPT))) {
            return Optional.of("no " + dir.resolve(START_SCRIPT) + " (run: cd " + dir + " && npm ci)");
        }
        try {
            Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            node.getInputStream().readAllBytes();
            return node.waitFor(10, TimeUnit.SECONDS) && node.exitValue() == 0 ? Optional.empty() : Optional.of("node --version failed");
        } catch (IOException e) {
            return Optional.of("node is not installed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    static PortkeyGateway start(Path dir, int port, Path log) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("node", START_SCRIPT.toString(), "--port=" + port, "--headless").directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("NODE_ENV", "production");
        PortkeyGateway gateway = new PortkeyGateway(builder.start(), port);
        long until = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!gateway.listening()) {
            if (!gateway.process.isAlive() || System.nanoTime() > until) {
                gateway.close();
                throw new IOException("Portkey did not listen on " + port + " (see " + log + ")");
            }
            Thread.sleep(100); // polling a port another process opens
        }
        return gateway;
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + port + "/v1");
    }

    /** The calls as a Portkey user in front of an OpenAI-compatible server sends them. */
    OpenAiHttpTarget target(URI simulatorBase, BenchSettings settings, AnswerTracker tracker) {
        return new OpenAiHttpTarget(NAME, baseUri(), Map.of("x-portkey-provider", "openai", "x-portkey-custom-host", simulatorBase.toString()),
                settings, tracker);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
