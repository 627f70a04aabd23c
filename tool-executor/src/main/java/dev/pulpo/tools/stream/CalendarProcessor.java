package dev.pulpo.tools.stream;

import dev.pulpo.schemas.event.ToolCall;
import dev.pulpo.schemas.event.ToolResult;
import dev.pulpo.schemas.event.Workspace;
import dev.pulpo.tools.ToolExecutorSettings;
import dev.pulpo.tools.executor.CalendarTools;
import dev.pulpo.tools.executor.ToolAnswer;
import dev.pulpo.tools.executor.ToolRunner;
import dev.pulpo.tools.stream.ToolExecutorTopology.CallInWorkspace;
import dev.pulpo.tools.calendar.WorkspaceCalendar;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Runs a calendar call where its workspace's calendar lives. Input is keyed by workspace id; output is keyed by
 * the conversation id again, as {@code tool-results} is. Reading the calendar, deciding and storing the new one
 * happen in one {@code process} call of the one task that owns the workspace, so they are atomic; the stores'
 * changelogs and the result commit in the same exactly-once transaction.
 */
final class CalendarProcessor implements Processor<String, CallInWorkspace, String, ToolResult> {
    private final ToolRunner runner;
    private final CalendarTools tools;
    private final ToolExecutorSettings settings;
    private ProcessorContext<String, ToolResult> context;
    private KeyValueStore<String, WorkspaceCalendar> calendars;
    private KeyValueStore<String, ToolResult> resultsByCall;

    CalendarProcessor(ToolRunner runner, CalendarTools tools, ToolExecutorSettings settings) {
        this.runner = runner;
        this.tools = tools;
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, ToolResult> context) {
        this.context = context;
        this.calendars = context.getStateStore(ToolExecutorTopology.CALENDAR_STORE);
        this.resultsByCall = context.getStateStore(ToolExecutorTopology.RESULTS_BY_CALL_STORE);
        // Retention by wall clock, not stream time: a retry comes minutes after its call, whatever the record
        // timestamps say, and a sweep must also run when no calls arrive. A plain key-value store swept by a
        // punctuator keeps lookups a single get by call id; a windowed store would need the call's time to find it.
        // Past the retention a retried booking is still not taken twice: its booking id derives from the call id.
        context.schedule(settings.retentionSweep(), PunctuationType.WALL_CLOCK_TIME, this::dropExpiredResults);
    }

    @Override
    public void process(Record<String, CallInWorkspace> record) {
        ToolCall call = record.value().call();
        ToolResult stored = resultsByCall.get(call.callId());
        ToolResult result;
        if (stored != null && stored.conversationId().equals(call.conversationId())) {
            // Seen before (a crash, a replay, a duplicate): answer as then, act never.
            runner.replayed(call, stored);
            result = stored;
        } else if (stored != null) {
            // Another conversation's call id: answering with its result would leak it, running would act twice.
            result = runner.finish(call, ToolAnswer.failed("call id " + call.callId() + " was already used by another conversation"),
                    System.nanoTime(), context.currentSystemTimeMs());
        } else {
            result = runOnce(call, record.value().workspace());
            resultsByCall.put(call.callId(), result);
        }
        context.forward(record.withKey(call.conversationId()).withValue(result));
    }

    private ToolResult runOnce(ToolCall call, Workspace ws) {
        long started = System.nanoTime();
        ToolAnswer answer = runner.refusal(call, ws).orElseGet(() -> {
            WorkspaceCalendar current = calendars.get(ws.workspaceId());
            CalendarTools.Run run = tools.run(call, ws, current != null ? current : WorkspaceCalendar.empty(ws.workspaceId()));
            run.changed().ifPresent(next -> calendars.put(ws.workspaceId(), next));
            return run.answer();
        });
        return runner.finish(call, answer, started, context.currentSystemTimeMs());
    }

    private void dropExpiredResults(long wallClockMs) {
        Instant oldestKept = Instant.ofEpochMilli(wallClockMs).minus(settings.resultRetention());
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, ToolResult> all = resultsByCall.all()) {
            while (all.hasNext()) {
                KeyValue<String, ToolResult> entry = all.next();
                if (entry.value.completedAt() == null || entry.value.completedAt().toInstant().isBefore(oldestKept)) {
                    expired.add(entry.key);
                }
            }
        }
        expired.forEach(resultsByCall::delete);
    }
}
