package dev.switchboard.worker;

/** Naming shared by the batch submitter and poller. */
final class BatchJobs {
    private BatchJobs() {
    }

    /** A line's id within its provider batch: its position, because request ids repeat across tenants. */
    static String customId(int index) {
        return "req-" + index;
    }
}
