package dev.pulpo.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Drives a pipeline: a steady rate (warm-up, then measured) and an unthrottled burst for throughput. */
final class LoadRunner {
    private final Phases phases;
    private final long answerTimeoutMs;

    /** @param answerTimeoutMs how long after its last send a phase waits for missing answers */
    LoadRunner(Phases phases, long answerTimeoutMs) {
        this.phases = phases;
        this.answerTimeoutMs = answerTimeoutMs;
    }

    /**
     * Sends {@code messages} at {@code ratePerSecond}, each due at {@code start + i/rate} (a late send does not
     * push the later ones back), and waits for their answers.
     */
    Recorder steady(Pipeline pipeline, String phase, int messages, double ratePerSecond) throws InterruptedException {
        Recorder recorder = phases.open(phase, messages);
        long interval = (long) (1_000_000_000L / ratePerSecond);
        long start = System.nanoTime();
        for (int i = 0; i < messages; i++) {
            long due = start + i * interval;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            recorder.sent(i, System.nanoTime());
            pipeline.send(Phases.id(phase, i), i);
        }
        recorder.awaitAll(answerTimeoutMs, TimeUnit.MILLISECONDS);
        return recorder;
    }

    /** Sends {@code messages} as fast as the producer takes them, and waits for their answers. */
    Recorder burst(Pipeline pipeline, String phase, int messages) throws InterruptedException {
        Recorder recorder = phases.open(phase, messages);
        for (int i = 0; i < messages; i++) {
            recorder.sent(i, System.nanoTime());
            pipeline.send(Phases.id(phase, i), i);
        }
        recorder.awaitAll(answerTimeoutMs, TimeUnit.MILLISECONDS);
        return recorder;
    }

    /** A phase's figures for the results file and the table. */
    static Map<String, Object> summary(Recorder recorder, double offeredRate) {
        Map<String, Object> json = new LinkedHashMap<>();
        LatencyStats latency = LatencyStats.ofNanos(recorder.latenciesNanos());
        json.put("sent", recorder.size());
        json.put("answered", recorder.arrivedCount());
        json.put("missing", recorder.size() - recorder.arrivedCount());
        json.put("duplicates", recorder.duplicates());
        if (offeredRate > 0) {
            json.put("offered_per_s", offeredRate);
        }
        long span = recorder.spanNanos();
        json.put("span_s", LatencyStats.round(span / 1e9));
        json.put("throughput_per_s", span == 0 ? null : LatencyStats.round(recorder.arrivedCount() / (span / 1e9)));
        json.put("latency", latency.toJson());
        double[] reported = recorder.reportedMillis();
        if (reported.length > 0) {
            json.put("reported_t_total", LatencyStats.ofMillis(reported).toJson());
        }
        return json;
    }
}
