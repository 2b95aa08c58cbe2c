package dev.switchboard.launcher.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaRuntimesTest {
    @TempDir
    Path jvms;

    private Path jdk(String name, String version) throws IOException {
        Path home = jvms.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Someone\"\nJAVA_VERSION=\"" + version + "\"\n");
        Path java = Files.createFile(home.resolve("bin/java"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        assertThat(java).isExecutable();
        return home;
    }

    @Test
    void readsTheFeatureVersionFromTheReleaseFile() throws IOException {
        assertThat(JavaRuntimes.feature(jdk("temurin-25", "25.0.3")).getAsInt()).isEqualTo(25);
        assertThat(JavaRuntimes.feature(jdk("jdk8", "1.8.0_412")).getAsInt()).isEqualTo(8);
        assertThat(JavaRuntimes.feature(jvms.resolve("absent"))).isEmpty();
    }

    @Test
    void picksTheNewestHomeUnderTheRootWhenTheRunningJvmIsTooOld() throws IOException {
        Path running = jdk("openjdk-17", "17.0.15");
        jdk("openjdk-21", "21.0.5");
        Path newest = jdk("temurin-25-jdk-amd64", "25.0.3");
        Files.createDirectories(jvms.resolve("not-a-jdk"));

        assertThat(JavaRuntimes.find(21, Optional.empty(), running, jvms)).contains(newest);
    }

    @Test
    void prefersTheRunningJvmWhenItIsNewEnough() throws IOException {
        Path running = jdk("openjdk-21", "21.0.5");
        jdk("temurin-25", "25.0.3");

        assertThat(JavaRuntimes.find(21, Optional.empty(), running, jvms)).contains(running);
    }

    @Test
    void anExplicitHomeWinsAndIsRefusedWhenTooOld() throws IOException {
        Path running = jdk("openjdk-17", "17.0.15");
        Path old = jdk("custom-17", "17.0.1");
        Path chosen = jdk("custom-21", "21.0.1");
        jdk("temurin-25", "25.0.3");

        assertThat(JavaRuntimes.find(21, Optional.of(chosen), running, jvms)).contains(chosen);
        assertThat(JavaRuntimes.find(21, Optional.of(old), running, jvms)).isEmpty();
    }

    @Test
    void findsNothingUnderAMissingRoot() throws IOException {
        assertThat(JavaRuntimes.find(21, Optional.empty(), jdk("openjdk-17", "17.0.15"), jvms.resolve("none"))).isEmpty();
    }
}
