package dev.switchboard.router;

import dev.switchboard.router.cache.bound.CacheBoundListener;
import dev.switchboard.router.governance.AdmissionListener;
import dev.switchboard.router.governance.GovernanceListener;
import dev.switchboard.router.route.RouteListener;

/** Everything outside the topology that hears what it decides: metrics, and callers waiting for config to be live. */
public record RouterListeners(RouteListener route, AdmissionListener admission, GovernanceListener governance, CacheBoundListener cacheBound) {
    public static final RouterListeners NONE = new RouterListeners(RouteListener.NONE, AdmissionListener.NONE, GovernanceListener.NONE);

    public RouterListeners(RouteListener route, AdmissionListener admission, GovernanceListener governance) {
        this(route, admission, governance, CacheBoundListener.NONE);
    }
}
