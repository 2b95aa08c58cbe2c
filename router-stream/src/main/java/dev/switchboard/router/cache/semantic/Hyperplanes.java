package dev.switchboard.router.cache.semantic;

import java.util.Random;

/**
 * Random-hyperplane locality-sensitive hashing: {@code tables} independent signatures of {@code bits} bits each.
 * Close vectors share a bucket in at least one table with high probability. The planes come from a fixed seed, so
 * every router instance, and every restart, puts a vector in the same buckets.
 */
final class Hyperplanes {
    private final float[][][] planes;
    private final int bits;

    Hyperplanes(int dimensions, int tables, int bits, long seed) {
        if (bits > 16) {
            throw new IllegalArgumentException("at most 16 bits per table, got " + bits);
        }
        this.bits = bits;
        Random random = new Random(seed);
        planes = new float[tables][bits][dimensions];
        for (float[][] table : planes) {
            for (float[] plane : table) {
                for (int d = 0; d < dimensions; d++) {
                    plane[d] = (float) random.nextGaussian();
                }
            }
        }
    }

    int dimensions() {
        return planes[0][0].length;
    }

    int tables() {
        return planes.length;
    }

    /** The bucket of each table. */
    int[] signatures(float[] vector) {
        int[] signatures = new int[planes.length];
        for (int t = 0; t < planes.length; t++) {
            for (int b = 0; b < bits; b++) {
                if (dot(planes[t][b], vector) >= 0) {
                    signatures[t] |= 1 << b;
                }
            }
        }
        return signatures;
    }

    /**
     * Multi-probe: per table, the bucket itself and the buckets reached by flipping each of the {@code flips} bits
     * whose planes pass closest to the vector (the bits most likely to differ for a near neighbour).
     */
    int[][] probes(float[] vector, int flips) {
        int[][] probes = new int[planes.length][];
        for (int t = 0; t < planes.length; t++) {
            int signature = 0;
            double[] margins = new double[bits];
            for (int b = 0; b < bits; b++) {
                double d = dot(planes[t][b], vector);
                margins[b] = Math.abs(d);
                if (d >= 0) {
                    signature |= 1 << b;
                }
            }
            int[] closest = closestBits(margins, flips);
            probes[t] = new int[closest.length + 1];
            probes[t][0] = signature;
            for (int i = 0; i < closest.length; i++) {
                probes[t][i + 1] = signature ^ (1 << closest[i]);
            }
        }
        return probes;
    }

    private static int[] closestBits(double[] margins, int count) {
        int n = Math.min(count, margins.length);
        int[] chosen = new int[n];
        boolean[] used = new boolean[margins.length];
        for (int i = 0; i < n; i++) {
            int best = -1;
            for (int b = 0; b < margins.length; b++) {
                if (!used[b] && (best < 0 || margins[b] < margins[best])) {
                    best = b;
                }
            }
            used[best] = true;
            chosen[i] = best;
        }
        return chosen;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
