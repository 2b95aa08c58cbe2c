package dev.switchboard.router.cache.bound;

import dev.switchboard.schemas.CacheBoundState;

/** Hears each tenant's bound as its controller publishes it (metrics). */
@FunctionalInterface
public interface CacheBoundListener {
    CacheBoundListener NONE = state -> { };

    void published(CacheBoundState state);
}
