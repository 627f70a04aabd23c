package dev.pulpo.tools.stream;

import dev.pulpo.schemas.event.ToolCall;
import dev.pulpo.schemas.event.ToolResult;
import dev.pulpo.tools.executor.ToolAnswer;
import dev.pulpo.tools.executor.ToolRunner;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The results already written, by call id: a call seen again (a crash, a replay, a duplicate) is answered as
 * then and never acts twice. Both paths of the topology keep one, each in its own store.
 */
final class ResultsByCall {
    private final KeyValueStore<String, ToolResult> store;
    private final ToolRunner runner;

    ResultsByCall(KeyValueStore<String, ToolResult> store, ToolRunner runner) {
        this.store = store;
        this.runner = runner;
    }

    /** What to answer without running the call: its stored result, or a failure when the id is another's. */
    Optional<ToolResult> answered(ToolCall call, long wallClockMs) {
        ToolResult stored = store.get(call.callId());
        if (stored == null) {
            return Optional.empty();
        }
        if (stored.conversationId().equals(call.conversationId())) {
            runner.replayed(call, stored);
            return Optional.of(stored);
        }
        // Another conversation's call id: answering with its result would leak it, running would act twice.
        return Optional.of(runner.finish(call,
                ToolAnswer.failed("call id " + call.callId() + " was already used by another conversation"),
                System.nanoTime(), wallClockMs));
    }

    void remember(ToolResult result) {
        store.put(result.callId(), result);
    }

    /**
     * Drops results completed before {@code oldestKept}. Retention goes by wall clock, not stream time: a retry comes
     * minutes after its call, whatever the record timestamps say, and a sweep must also run when no calls arrive. A
     * plain key-value store swept by a punctuator keeps lookups a single get by call id; a windowed store would need
     * the call's time to find it.
     */
    void dropOlderThan(Instant oldestKept) {
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, ToolResult> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, ToolResult> entry = all.next();
                if (entry.value.completedAt() == null || entry.value.completedAt().toInstant().isBefore(oldestKept)) {
                    expired.add(entry.key);
                }
            }
        }
        expired.forEach(store::delete);
    }
}
