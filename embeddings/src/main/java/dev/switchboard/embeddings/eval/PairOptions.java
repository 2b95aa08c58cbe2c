package dev.switchboard.embeddings.eval;

/**
 * How to read a pairs file: which columns (counted from 0) hold the two texts and the label, and which labels mean
 * "same" (at or above {@code sameAt}) and "different" (at or below {@code differentAt}); rows in between are left out.
 */
public record PairOptions(char delimiter, int text1Col, int text2Col, int labelCol, double sameAt, double differentAt, boolean skipHeader) {
    public static final char DEFAULT_DELIMITER = '\t';
    public static final double DEFAULT_SAME_AT = 1;
    public static final double DEFAULT_DIFFERENT_AT = 0;

    public PairOptions {
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
            throw new IllegalArgumentException("delimiter cannot be a double quote or a line break");
        }
        if (!Double.isFinite(sameAt) || !Double.isFinite(differentAt)) {
            throw new IllegalArgumentException("same-at and different-at must be numbers; got " + sameAt + " and " + differentAt);
        }
        if (text1Col < 0 || text2Col < 0 || labelCol < 0) {
            throw new IllegalArgumentException("columns are counted from 0; got text1-col " + text1Col + ", text2-col " + text2Col + ", label-col " + labelCol);
        }
        if (text1Col == text2Col || text1Col == labelCol || text2Col == labelCol) {
            throw new IllegalArgumentException("text1-col, text2-col and label-col must differ");
        }
        if (differentAt >= sameAt) {
            throw new IllegalArgumentException("different-at (" + differentAt + ") must be below same-at (" + sameAt + ")");
        }
    }

    /** Tab-delimited, columns 0, 1, 2, labels 1 same and 0 different, no header. */
    public static PairOptions defaults() {
        return new PairOptions(DEFAULT_DELIMITER, 0, 1, 2, DEFAULT_SAME_AT, DEFAULT_DIFFERENT_AT, false);
    }

    public PairOptions withSkipHeader(boolean skip) {
        return new PairOptions(delimiter, text1Col, text2Col, labelCol, sameAt, differentAt, skip);
    }

    /** The STS Benchmark files (tab, no header; score in column 4, sentences in 5 and 6): score >= 4 same, <= 2 different. */
    public static PairOptions stsBenchmark() {
        return new PairOptions('\t', 5, 6, 4, 4, 2, false);
    }
}
