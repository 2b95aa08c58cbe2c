package dev.switchboard.cost.answers;

import java.util.List;

/** Answer-window store names, shared by the topology (which creates them) and the query side (which reads them). */
public final class AnswerStores {
    private static final String PREFIX = "answers-tenant-";

    private AnswerStores() {
    }

    /** {@code answers-tenant-1m}, ... */
    public static String name(String sizeLabel) {
        return PREFIX + sizeLabel;
    }

    public static List<String> names(List<String> sizeLabels) {
        return sizeLabels.stream().map(AnswerStores::name).toList();
    }
}
