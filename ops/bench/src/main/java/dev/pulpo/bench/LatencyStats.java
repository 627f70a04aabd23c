package dev.pulpo.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The distribution of a set of latencies, in milliseconds. Percentiles are nearest-rank: p90 is the smallest
 * value with at least 90% of the values at or below it, so it is always one of the measured values (no
 * interpolation that would invent a latency nobody saw).
 */
public record LatencyStats(int count, double minMs, double p50Ms, double p90Ms, double p99Ms, double maxMs,
        double meanMs) {

    public static final LatencyStats EMPTY = new LatencyStats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, Double.NaN);

    /** @param nanos latencies in nanoseconds, in any order; the array is not changed */
    public static LatencyStats ofNanos(long[] nanos) {
        double[] ms = new double[nanos.length];
        for (int i = 0; i < nanos.length; i++) {
            ms[i] = nanos[i] / 1_000_000.0;
        }
        return ofMillis(ms);
    }

    /** @param millis latencies in milliseconds, in any order; the array is not changed */
    public static LatencyStats ofMillis(double[] millis) {
        if (millis.length == 0) {
            return EMPTY;
        }
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (double v : sorted) {
            sum += v;
        }
        return new LatencyStats(sorted.length, sorted[0], percentile(sorted, 50), percentile(sorted, 90),
                percentile(sorted, 99), sorted[sorted.length - 1], sum / sorted.length);
    }

    /**
     * Nearest-rank percentile of sorted values: the value at rank ceil(p/100 * n), ranks counted from 1.
     *
     * @param sorted ascending, not empty
     * @param p      in (0, 100]
     */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], was " + p);
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(1, Math.min(rank, sorted.length)) - 1];
    }

    /** For the results file: milliseconds rounded to 0.01. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("count", count);
        json.put("min_ms", round(minMs));
        json.put("p50_ms", round(p50Ms));
        json.put("p90_ms", round(p90Ms));
        json.put("p99_ms", round(p99Ms));
        json.put("max_ms", round(maxMs));
        json.put("mean_ms", round(meanMs));
        return json;
    }

    static Double round(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 100.0) / 100.0;
    }
}
