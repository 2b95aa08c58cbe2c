package dev.switchboard.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * RouteLLM's evaluation of a router on labelled prompts. For a strong-model share s, the round(s * n) prompts with
 * the highest scores go to the strong model (ties: earlier prompt first); quality is the share answered correctly
 * (the strong model's label for those, the weak model's for the rest). Gap recovered at s is
 * {@code (quality - weakOnly) / (strongOnly - weakOnly)}; APGR is its trapezoid average over s = 0%, 1%, ..., 100%.
 */
public final class RouterEvaluation {
    /** The grid: shares 0, 1/100, ..., 1. */
    public static final int GRID = 100;

    /** One point of the quality curve. */
    public record Point(double strongShare, int sentStrong, double quality, double gapRecovered) {
    }

    /**
     * The whole curve (101 points, index = percent of prompts sent strong) and its summaries. {@code shareFor50} and
     * {@code shareFor80} are the smallest grid shares recovering at least 50% / 80% of the gap (NaN if the two models
     * score the same, so there is no gap).
     */
    public record Result(String router, int prompts, double weakOnly, double strongOnly, List<Point> curve, double apgr,
                         double shareFor50, double shareFor80) {
        /** The point at {@code percent}% of prompts sent strong. */
        public Point atPercent(int percent) {
            return curve.get(percent);
        }

        /** The smallest grid share whose gap recovered is at least {@code target}; NaN if none. */
        public double shareFor(double target) {
            for (Point p : curve) {
                if (p.gapRecovered() >= target - 1e-12) {
                    return p.strongShare();
                }
            }
            return Double.NaN;
        }
    }

    private RouterEvaluation() {
    }

    public static Result evaluate(String router, List<Example> examples, StrongNeedScorer scorer) {
        return evaluate(router, examples, scorer.scoreAll(StrongNeedScorer.prompts(examples)));
    }

    /** Evaluates given scores, one per example in the same order. */
    public static Result evaluate(String router, List<Example> examples, double[] scores) {
        int n = examples.size();
        if (n == 0 || scores.length != n) {
            throw new IllegalArgumentException("need one score per example and at least one example, got " + scores.length + " scores for " + n);
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int c = Double.compare(scores[b], scores[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        // gain[k] = correct answers gained by sending the first k prompts (in score order) strong
        int[] gain = new int[n + 1];
        for (int k = 0; k < n; k++) {
            Example e = examples.get(order[k]);
            gain[k + 1] = gain[k] + (e.strongCorrect() ? 1 : 0) - (e.weakCorrect() ? 1 : 0);
        }
        int weakRight = count(examples, true);
        double weakOnly = (double) weakRight / n;
        double strongOnly = (double) count(examples, false) / n;
        List<Point> curve = new ArrayList<>(GRID + 1);
        for (int pct = 0; pct <= GRID; pct++) {
            int k = sentStrong(pct, n);
            double quality = (double) (weakRight + gain[k]) / n;
            curve.add(new Point(pct / (double) GRID, k, quality, gap(quality, weakOnly, strongOnly)));
        }
        return summarise(router, n, weakOnly, strongOnly, curve);
    }

    /**
     * The exact expectation for a router that picks which prompts go strong uniformly at random: sending k of n
     * strong gives expected quality {@code weakOnly + k/n * (strongOnly - weakOnly)}, so the gap recovered is k/n,
     * a straight line (APGR 0.5 up to the rounding of k).
     */
    public static Result randomExpectation(List<Example> examples) {
        int n = examples.size();
        if (n == 0) {
            throw new IllegalArgumentException("no examples");
        }
        double weakOnly = (double) count(examples, true) / n;
        double strongOnly = (double) count(examples, false) / n;
        List<Point> curve = new ArrayList<>(GRID + 1);
        for (int pct = 0; pct <= GRID; pct++) {
            int k = sentStrong(pct, n);
            double quality = weakOnly + (double) k / n * (strongOnly - weakOnly);
            curve.add(new Point(pct / (double) GRID, k, quality, gap(quality, weakOnly, strongOnly)));
        }
        return summarise("random (expected)", n, weakOnly, strongOnly, curve);
    }

    /** round(pct% of n), the number of prompts sent strong at that grid point. */
    static int sentStrong(int pct, int n) {
        return (int) Math.round(pct * (double) n / GRID);
    }

    private static Result summarise(String router, int n, double weakOnly, double strongOnly, List<Point> curve) {
        double area = 0;
        for (int i = 1; i < curve.size(); i++) {
            area += (curve.get(i - 1).gapRecovered() + curve.get(i).gapRecovered()) / 2;
        }
        double apgr = area / GRID;
        Result partial = new Result(router, n, weakOnly, strongOnly, List.copyOf(curve), apgr, Double.NaN, Double.NaN);
        return new Result(router, n, weakOnly, strongOnly, partial.curve(), apgr, partial.shareFor(0.5), partial.shareFor(0.8));
    }

    private static double gap(double quality, double weakOnly, double strongOnly) {
        double gap = strongOnly - weakOnly;
        return gap == 0 ? Double.NaN : (quality - weakOnly) / gap;
    }

    private static int count(List<Example> examples, boolean weak) {
        int c = 0;
        for (Example e : examples) {
            if (weak ? e.weakCorrect() : e.strongCorrect()) {
                c++;
            }
        }
        return c;
    }
}
