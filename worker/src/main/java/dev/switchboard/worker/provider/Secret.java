package dev.switchboard.worker.provider;

/** A provider key. Its text never appears in logs, answers or topics: {@code toString} is redacted. */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    public static Secret of(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a secret must not be blank");
        }
        return new Secret(value.strip());
    }

    /** Only for building the Authorization header. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "Secret[redacted]";
    }
}
