package dev.switchboard.router.intake;

/** Caller-supplied text quoted back in an answer or a dead letter, cut so the write cannot grow with the request. */
final class Echo {
    static final int MAX_ID_CHARS = 256;

    private Echo() {
    }

    static String bounded(String text, int maxChars) {
        if (text == null || text.length() <= maxChars) {
            return text;
        }
        return text.substring(0, maxChars) + "... (" + text.length() + " characters)";
    }

    /** A request id, tenant or record key as quoted back. */
    static String id(String text) {
        return bounded(text, MAX_ID_CHARS);
    }
}
