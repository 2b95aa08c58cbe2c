package dev.switchboard.cost;

/**
 * The grouping key of the per-model, per-team and per-feature stores: {@code tenant + US + value}, US being the
 * ASCII unit separator (0x1F). It keeps keys readable in the repartition topics, and since 0x1F sorts below every
 * printable character, all of a tenant's keys lie between {@link #rangeFrom} and {@link #rangeTo}: the query side
 * reads one tenant with a key-range fetch instead of scanning every tenant.
 */
final class TenantKey {
    static final char SEPARATOR = '\u001f';

    private TenantKey() {
    }

    static String of(String tenant, String value) {
        return tenant + SEPARATOR + value;
    }

    static String tenantOf(String key) {
        int at = key.indexOf(SEPARATOR);
        return at < 0 ? key : key.substring(0, at);
    }

    static String rangeFrom(String tenant) {
        return tenant + SEPARATOR;
    }

    /** Inclusive upper bound: the next character after the separator, which no real key equals. */
    static String rangeTo(String tenant) {
        return tenant + (char) (SEPARATOR + 1);
    }
}
