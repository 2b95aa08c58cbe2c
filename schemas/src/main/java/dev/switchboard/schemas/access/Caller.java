package dev.switchboard.schemas.access;

/**
 * Who is asking, as its credential says: the admin (every tenant), or a virtual key's tenant, narrowed to the key's
 * team when the key is issued to one. Carries the key's id, never the key.
 */
public record Caller(String tenant, String team, String keyId) {
    public static final Caller ADMIN = new Caller(null, null, "admin");

    public boolean admin() {
        return tenant == null;
    }

    /** True when the caller may read this tenant's data (all of it, or its team's part when {@link #teamScoped()}). */
    public boolean mayRead(String tenant) {
        return admin() || this.tenant.equals(tenant);
    }

    /** A key issued to one team reads that team's rows of its tenant, not the tenant's totals. */
    public boolean teamScoped() {
        return !admin() && team != null;
    }
}
