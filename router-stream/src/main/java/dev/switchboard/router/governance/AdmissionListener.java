package dev.switchboard.router.governance;

/** Hears every request governance refuses (admission or budget), for metrics. */
@FunctionalInterface
public interface AdmissionListener {
    AdmissionListener NONE = (tenant, code) -> { };

    void refused(String tenant, String code);
}
