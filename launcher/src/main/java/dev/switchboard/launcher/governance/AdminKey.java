package dev.switchboard.launcher.governance;

import dev.switchboard.launcher.config.SwitchboardConfig.GovernanceSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The admin key: reads every tenant on the cost API and the dashboard and uses the gateway's management endpoints.
 * Taken from {@value #ENV}, else from {@code governance.adminKeyFile} (a new key is written there, owner-only, when the
 * file does not exist), else made for this run. Only its hash leaves this class for the servers; the key itself is
 * never logged: the launcher prints it once on the console when it made it for this run, or names the file.
 *
 * @param key    the secret
 * @param source where it came from, for the console ("SWITCHBOARD_ADMIN_KEY", the file, or "new for this run")
 * @param fresh  made for this run and kept nowhere: the console shows it once
 */
public record AdminKey(String key, String source, boolean fresh) {
    public static final String ENV = "SWITCHBOARD_ADMIN_KEY";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public String toString() {
        return "AdminKey[" + source + "]";
    }

    /** A new key with 256 random bits, as virtual keys are made: {@code <prefix><43 url-safe characters>}. */
    public static String newSecret(String prefix) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    public static AdminKey resolve(GovernanceSettings settings, Map<String, String> environment) {
        String fromEnv = environment.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new AdminKey(fromEnv.strip(), ENV, false);
        }
        Path file = settings.adminKeyFile();
        if (file == null) {
            return new AdminKey(newSecret("sk-sb-admin-"), "new for this run", true);
        }
        return new AdminKey(readOrCreate(file), file.toString(), false);
    }

    private static String readOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                String key = newSecret("sk-sb-admin-");
                write(file, key);
                return key;
            }
            String key = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (key.length() < 16) {
                throw new IllegalArgumentException("governance.adminKeyFile " + file + " holds no key of at least 16 characters");
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the admin key file " + file, e);
        }
    }

    private static void write(Path file, String key) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("another process created " + file + " at the same time; start again", e);
        }
        Files.writeString(file, key + "\n", StandardCharsets.UTF_8);
    }

    public static Optional<AdminKey> whenRequired(GovernanceSettings settings, Map<String, String> environment) {
        return settings.readsNeedCredential() ? Optional.of(resolve(settings, environment)) : Optional.empty();
    }
}
