package dev.switchboard.launcher.governance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the governance file at start and again whenever its content changes, so keys, budgets and limits
 * change without a restart. A file that does not parse or validate is refused whole and the last good one stays
 * in force: a typo must not open the gateway.
 */
public final class GovernanceWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GovernanceWatcher.class);

    private final Path file;
    private final GovernancePublisher publisher;
    private final Consumer<GovernancePublisher.Published> published;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "governance-watcher");
        thread.setDaemon(true);
        return thread;
    });
    private byte[] lastContent;

    private GovernanceWatcher(Path file, GovernancePublisher publisher, Consumer<GovernancePublisher.Published> published) {
        this.file = file;
        this.publisher = publisher;
        this.published = published;
    }

    /**
     * Publishes the file now (failing if it is not valid: a bad file at startup is a bad deployment) and then
     * checks it every {@code interval}.
     *
     * @param published hears each publish (version and offsets)
     */
    public static GovernanceWatcher start(Path file, Duration interval, GovernancePublisher publisher, Consumer<GovernancePublisher.Published> published) {
        GovernanceWatcher watcher = new GovernanceWatcher(file, publisher, published);
        try {
            watcher.publishIfChanged(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the governance file " + file + ": " + e.getMessage(), e);
        }
        watcher.timer.scheduleWithFixedDelay(watcher::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return watcher;
    }

    private void check() {
        try {
            publishIfChanged(Files.readAllBytes(file));
        } catch (IOException | RuntimeException e) {
            LOG.error("governance file {} refused, the previous one stays in force: {}", file, e.getMessage());
        }
    }

    private synchronized void publishIfChanged(byte[] content) throws IOException {
        if (Arrays.equals(content, lastContent)) {
            return;
        }
        GovernanceFile parsed = GovernanceFile.parse(content);
        GovernancePublisher.Published version = publisher.publish(parsed);
        lastContent = content;
        LOG.info("governance file {} published as version {}: {} keys, {} tenant policies{}", file, version.version(), parsed.keys().size(),
                parsed.tenants().size(), parsed.defaults() == null ? "" : " and defaults");
        published.accept(version);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
