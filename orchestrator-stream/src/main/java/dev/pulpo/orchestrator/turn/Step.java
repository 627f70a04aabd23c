package dev.pulpo.orchestrator.turn;

import dev.pulpo.schemas.event.Workspace;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The handling of one input (a message, a tool result, a model's answer, a deadline): the workspace it runs
 * for, the stream's clock, and the records it writes. Every stage of a turn gets it, so none needs to pass
 * the same four arguments along.
 *
 * @param nowMs     the stream's wall clock for this input
 * @param stepNanos when handling began, so a turn's total includes the step's own processing time
 */
record Step(Workspace workspace, long nowMs, long stepNanos, List<Emission> out) {

    static Step begin(Workspace workspace, long nowMs) {
        return new Step(workspace, nowMs, System.nanoTime(), new ArrayList<>());
    }

    void emit(Emission emission) {
        out.add(emission);
    }

    long elapsedMs() {
        return millisSince(stepNanos);
    }

    OffsetDateTime wallNow() {
        return wall(nowMs);
    }

    static long millisSince(long nanoStart) {
        return (System.nanoTime() - nanoStart) / 1_000_000;
    }

    static OffsetDateTime wall(long ms) {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(ms), ZoneOffset.UTC);
    }
}
