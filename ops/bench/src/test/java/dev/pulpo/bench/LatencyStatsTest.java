package dev.pulpo.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LatencyStatsTest {

    @Test
    void percentilesAreNearestRankOverOneToAHundred() {
        double[] ms = IntStream.rangeClosed(1, 100).mapToDouble(i -> i).toArray();
        LatencyStats stats = LatencyStats.ofMillis(ms);
        assertThat(stats.count()).isEqualTo(100);
        assertThat(stats.p50Ms()).isEqualTo(50);
        assertThat(stats.p90Ms()).isEqualTo(90);
        assertThat(stats.p99Ms()).isEqualTo(99);
        assertThat(stats.maxMs()).isEqualTo(100);
        assertThat(stats.minMs()).isEqualTo(1);
        assertThat(stats.meanMs()).isEqualTo(50.5);
    }

    @Test
    void aPercentileIsAlwaysAMeasuredValueNeverAnInterpolation() {
        LatencyStats stats = LatencyStats.ofMillis(new double[] {10, 20});
        assertThat(stats.p50Ms()).isEqualTo(10);
        assertThat(stats.p90Ms()).isEqualTo(20);
        assertThat(stats.p99Ms()).isEqualTo(20);
    }

    @Test
    void oneValueIsEveryPercentile() {
        LatencyStats stats = LatencyStats.ofMillis(new double[] {7});
        assertThat(stats.p50Ms()).isEqualTo(7);
        assertThat(stats.p99Ms()).isEqualTo(7);
        assertThat(stats.maxMs()).isEqualTo(7);
    }

    @Test
    void orderDoesNotMatterAndTheInputIsLeftAlone() {
        double[] ms = {5, 1, 4, 2, 3};
        LatencyStats stats = LatencyStats.ofMillis(ms);
        assertThat(stats.p50Ms()).isEqualTo(3);
        assertThat(ms).containsExactly(5, 1, 4, 2, 3);
    }

    @Test
    void smallSetsKeepTheTailInP99() {
        // 1,000 values: p99 is the 990th, so the ten slowest are above it and the slowest is the max.
        double[] ms = IntStream.rangeClosed(1, 1_000).mapToDouble(i -> i).toArray();
        LatencyStats stats = LatencyStats.ofMillis(ms);
        assertThat(stats.p99Ms()).isEqualTo(990);
        assertThat(stats.p90Ms()).isEqualTo(900);
    }

    @Test
    void nanosAreReadAsMilliseconds() {
        LatencyStats stats = LatencyStats.ofNanos(new long[] {1_500_000, 2_500_000});
        assertThat(stats.p50Ms()).isEqualTo(1.5);
        assertThat(stats.maxMs()).isEqualTo(2.5);
    }

    @Test
    void nothingMeasuredIsEmptyNotAnError() {
        assertThat(LatencyStats.ofMillis(new double[0])).isEqualTo(LatencyStats.EMPTY);
        assertThat(LatencyStats.EMPTY.toJson().get("p50_ms")).isNull();
    }

    @Test
    void percentileOutsideItsRangeIsRefused() {
        assertThatThrownBy(() -> LatencyStats.percentile(new double[] {1}, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LatencyStats.percentile(new double[] {1}, 101))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
