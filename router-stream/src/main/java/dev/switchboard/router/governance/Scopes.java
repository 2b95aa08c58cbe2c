package dev.switchboard.router.governance;

/** Store keys of budget and rate-limit state (members per {@link dev.switchboard.schemas.BudgetScopes}). */
public final class Scopes {
    /** Unit separator: never part of a tenant, team, project or key id a person would type. */
    private static final String SEPARATOR = "\u001f";

    private Scopes() {
    }

    public static String key(String... parts) {
        return String.join(SEPARATOR, parts);
    }

    public static java.util.List<String> parts(String key) {
        return java.util.List.of(key.split(SEPARATOR, -1));
    }

    /** Keys of one tenant sort together: the prefix to scan them all. */
    public static String tenantPrefix(String tenant) {
        return tenant + SEPARATOR;
    }
}
