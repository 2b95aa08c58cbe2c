package dev.switchboard.launcher.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a Java runtime of at least a given feature version for a process the tests start (Apicurio needs 21+ while
 * the build runs on 17): an explicit home first, then the running JVM, then every JDK under a directory such as
 * {@code /usr/lib/jvm}, newest first. A home's version is read from its {@code release} file.
 */
public final class JavaRuntimes {
    private static final Pattern JAVA_VERSION = Pattern.compile("^JAVA_VERSION=\"?(\\d+)", Pattern.MULTILINE);

    private JavaRuntimes() {
    }

    /** A home to use: {@code explicit} when given (it must be new enough), else the running JVM or the newest under {@code searchRoot}. */
    public static Optional<Path> find(int minimumFeature, Optional<Path> explicit, Path runningHome, Path searchRoot) {
        if (explicit.isPresent()) {
            return explicit.filter(home -> feature(home).orElse(0) >= minimumFeature);
        }
        if (feature(runningHome).orElse(0) >= minimumFeature) {
            return Optional.of(runningHome);
        }
        return candidates(searchRoot).stream()
                .filter(home -> feature(home).orElse(0) >= minimumFeature)
                .max(Comparator.comparingInt((Path home) -> feature(home).orElse(0)).thenComparing(Path::toString));
    }

    /** The feature version in a home's {@code release} file (25 for "25.0.3", 8 for "1.8.0_412"), empty when unreadable. */
    public static OptionalInt feature(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release) || !Files.isExecutable(executable(home))) {
            return OptionalInt.empty();
        }
        try {
            Matcher m = JAVA_VERSION.matcher(Files.readString(release));
            if (!m.find()) {
                return OptionalInt.empty();
            }
            int first = Integer.parseInt(m.group(1));
            if (first == 1) {
                Matcher legacy = Pattern.compile("^JAVA_VERSION=\"?1\\.(\\d+)", Pattern.MULTILINE).matcher(Files.readString(release));
                return legacy.find() ? OptionalInt.of(Integer.parseInt(legacy.group(1))) : OptionalInt.empty();
            }
            return OptionalInt.of(first);
        } catch (IOException e) {
            return OptionalInt.empty();
        }
    }

    public static Path executable(Path home) {
        return home.resolve("bin").resolve("java");
    }

    private static List<Path> candidates(Path root) {
        List<Path> homes = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return homes;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            dirs.forEach(homes::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        return homes;
    }
}
