package dev.pulpo.tools.stream;

import dev.pulpo.schemas.event.ToolCall;
import dev.pulpo.schemas.event.ToolResult;
import dev.pulpo.schemas.event.Workspace;
import dev.pulpo.tools.ToolExecutorSettings;
import dev.pulpo.tools.calendar.WorkspaceCalendar;
import dev.pulpo.tools.executor.CalendarTools;
import dev.pulpo.tools.executor.ToolAnswer;
import dev.pulpo.tools.executor.ToolRunner;
import dev.pulpo.tools.stream.ToolExecutorTopology.CallInWorkspace;
import java.time.Instant;
import java.time.LocalDateTime;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
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
    private ResultsByCall resultsByCall;

    CalendarProcessor(ToolRunner runner, CalendarTools tools, ToolExecutorSettings settings) {
        this.runner = runner;
        this.tools = tools;
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, ToolResult> context) {
        this.context = context;
        this.calendars = context.getStateStore(ToolExecutorTopology.CALENDAR_STORE);
        this.resultsByCall = new ResultsByCall(context.getStateStore(ToolExecutorTopology.RESULTS_BY_CALL_STORE), runner);
        // Past the retention a retried booking is still not taken twice: its booking id derives from the call id.
        context.schedule(settings.retentionSweep(), PunctuationType.WALL_CLOCK_TIME,
                now -> resultsByCall.dropOlderThan(Instant.ofEpochMilli(now).minus(settings.resultRetention())));
    }

    @Override
    public void process(Record<String, CallInWorkspace> record) {
        ToolCall call = record.value().call();
        ToolResult result = resultsByCall.answered(call, context.currentSystemTimeMs()).orElseGet(() -> {
            ToolResult once = runOnce(call, record.value().workspace());
            resultsByCall.remember(once);
            return once;
        });
        context.forward(record.withKey(call.conversationId()).withValue(result));
    }

    private ToolResult runOnce(ToolCall call, Workspace ws) {
        long started = System.nanoTime();
        ToolAnswer answer = runner.refusal(call, ws, context.currentSystemTimeMs()).orElseGet(() -> {
            WorkspaceCalendar current = calendars.get(ws.workspaceId());
            CalendarTools.Run run = tools.run(call, ws, current != null ? current : WorkspaceCalendar.empty(ws.workspaceId()));
            // Past appointments go as the calendar is written: it is one value per workspace, so it must stay small.
            LocalDateTime keepFrom = call.turnTime().atZoneSameInstant(ws.zone()).toLocalDateTime()
                    .minus(settings.calendarKeepPast());
            run.changed().ifPresent(next -> calendars.put(ws.workspaceId(), next.withoutEndedBefore(keepFrom)));
            return run.answer();
        });
        return runner.finish(call, answer, started, context.currentSystemTimeMs());
    }
}
