package dev.switchboard.cost.answers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void shouldSpaceBucketsLogarithmicallyFromZeroToAnHour() {
        assertThat(LatencyHistogram.UPPER[0]).isZero();
        assertThat(LatencyHistogram.UPPER[1]).isEqualTo(1);
        assertThat(LatencyHistogram.UPPER[LatencyHistogram.UPPER.length - 1]).isEqualTo(3_600_000L);
        for (int i = 2; i < LatencyHistogram.UPPER.length; i++) {
            long below = LatencyHistogram.UPPER[i - 1];
            long bound = LatencyHistogram.UPPER[i];
            assertThat(bound).as("bucket %d", i).isGreaterThan(below);
            // At most one step of 2^(1/4) (rounded up to whole ms) above the bound before: a percentile is within 19%.
            assertThat(bound).as("bucket %d", i).isLessThanOrEqualTo(Math.max(below + 1, (long) Math.ceil(below * 1.19)));
        }
        assertThat(LatencyHistogram.BUCKETS).isLessThan(100);
    }

    @Test
    void shouldPutEachValueInTheBucketWhoseBoundIsTheFirstAtOrAboveIt() {
        assertThat(LatencyHistogram.bucketOf(0)).isZero();
        assertThat(LatencyHistogram.bucketOf(1)).isEqualTo(1);
        for (int i = 1; i < LatencyHistogram.UPPER.length; i++) {
            assertThat(LatencyHistogram.bucketOf(LatencyHistogram.UPPER[i])).isEqualTo(i);
            assertThat(LatencyHistogram.bucketOf(LatencyHistogram.UPPER[i - 1] + 1)).isEqualTo(i);
        }
        assertThat(LatencyHistogram.bucketOf(3_600_001L)).isEqualTo(LatencyHistogram.BUCKETS - 1);
    }

    @Test
    void shouldReportNearestRankPercentilesAsTheBoundOfTheirBucket() {
        LatencyHistogram histogram = LatencyHistogram.empty();
        for (long ms = 1; ms <= 100; ms++) {
            histogram = histogram.plus(ms);
        }

        assertThat(histogram.count()).isEqualTo(100);
        assertThat(histogram.percentile(50)).isBetween(50L, (long) Math.ceil(50 * 1.19));
        assertThat(histogram.percentile(99)).isBetween(99L, (long) Math.ceil(99 * 1.19));
        assertThat(histogram.percentile(100)).isBetween(100L, 119L);
        assertThat(LatencyHistogram.empty().plus(5).percentile(50)).isEqualTo(5);
    }

    @Test
    void shouldMergeExactlyLikeOneHistogramOfAllTheValues() {
        Random random = new Random(7);
        long[] values = LongStream.generate(() -> (long) Math.exp(random.nextDouble() * 12)).limit(5000).toArray();
        LatencyHistogram all = LatencyHistogram.empty();
        LatencyHistogram first = LatencyHistogram.empty();
        LatencyHistogram second = LatencyHistogram.empty();
        for (int i = 0; i < values.length; i++) {
            all = all.plus(values[i]);
            if (i % 3 == 0) {
                first = first.plus(values[i]);
            } else {
                second = second.plus(values[i]);
            }
        }

        LatencyHistogram merged = first.plus(second);

        assertThat(merged.toList()).isEqualTo(all.toList());
        assertThat(merged.percentile(99)).isEqualTo(all.percentile(99));
    }

    @Test
    void shouldRoundTripThroughItsStoredListAndRejectAnotherLayout() {
        LatencyHistogram histogram = LatencyHistogram.empty().plus(3).plus(250).plus(7_200_000L);

        assertThat(LatencyHistogram.of(histogram.toList()).toList()).isEqualTo(histogram.toList());
        assertThat(LatencyHistogram.of(List.of()).count()).isZero();
        assertThatThrownBy(() -> LatencyHistogram.of(List.of(1L, 2L))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldReportNothingForAnEmptyHistogramAndCountNegativeLatencyAsZero() {
        assertThat(LatencyHistogram.empty().percentile(99)).isNull();
        assertThat(LatencyHistogram.empty().plus(-5).percentile(50)).isZero();
        assertThat(LatencyHistogram.empty().plus(7_200_000L).percentile(50)).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> LatencyHistogram.empty().percentile(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
