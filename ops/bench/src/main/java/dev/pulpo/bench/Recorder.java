package dev.pulpo.bench;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One phase's messages: when each was sent and when its answer was read (on {@link System#nanoTime()}), and
 * what the answer reported of itself (the decision's {@code debug.t_total_ms}), if anything.
 */
final class Recorder {
    static final long NONE = -1;

    private final long[] sentAt;
    private final long[] arrivedAt;
    private final long[] reportedMs;
    private final AtomicInteger arrived = new AtomicInteger();
    private final AtomicInteger duplicates = new AtomicInteger();

    Recorder(int messages) {
        sentAt = new long[messages];
        arrivedAt = new long[messages];
        reportedMs = new long[messages];
        Arrays.fill(sentAt, NONE);
        Arrays.fill(arrivedAt, NONE);
        Arrays.fill(reportedMs, NONE);
    }

    int size() {
        return sentAt.length;
    }

    void sent(int seq, long nanos) {
        sentAt[seq] = nanos;
    }

    /** @param reported what the answer says it took, in ms, or {@link #NONE} */
    synchronized void arrived(int seq, long nanos, long reported) {
        if (seq < 0 || seq >= arrivedAt.length) {
            return;
        }
        if (arrivedAt[seq] != NONE) {
            duplicates.incrementAndGet(); // exactly-once should make this impossible: reported, not hidden
            return;
        }
        arrivedAt[seq] = nanos;
        reportedMs[seq] = reported;
        arrived.incrementAndGet();
    }

    int arrivedCount() {
        return arrived.get();
    }

    int duplicates() {
        return duplicates.get();
    }

    /** Waits until every message has arrived or the timeout passes; true when all did. */
    boolean awaitAll(long timeout, TimeUnit unit) throws InterruptedException {
        long until = System.nanoTime() + unit.toNanos(timeout);
        while (arrived.get() < sentAt.length) {
            if (System.nanoTime() > until) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /** The latencies of the messages that arrived, send to read. */
    synchronized long[] latenciesNanos() {
        return Arrays.stream(indexesArrived()).mapToLong(i -> arrivedAt[i] - sentAt[i]).toArray();
    }

    /** What the answers reported of themselves, for those that did. */
    synchronized double[] reportedMillis() {
        return Arrays.stream(indexesArrived()).filter(i -> reportedMs[i] != NONE)
                .mapToDouble(i -> reportedMs[i]).toArray();
    }

    /** From the first send to the last arrival, in nanoseconds; 0 when nothing arrived. */
    synchronized long spanNanos() {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int i = 0; i < sentAt.length; i++) {
            if (sentAt[i] != NONE) {
                first = Math.min(first, sentAt[i]);
            }
            if (arrivedAt[i] != NONE) {
                last = Math.max(last, arrivedAt[i]);
            }
        }
        return first == Long.MAX_VALUE || last == Long.MIN_VALUE ? 0 : Math.max(0, last - first);
    }

    private int[] indexesArrived() {
        return java.util.stream.IntStream.range(0, sentAt.length)
                .filter(i -> sentAt[i] != NONE && arrivedAt[i] != NONE).toArray();
    }
}
