package dev.pulpo.tools.stream;

import dev.pulpo.kafka.streams.errors.Punctuations;
import dev.pulpo.schemas.event.ToolCall;
import dev.pulpo.schemas.event.ToolResult;
import dev.pulpo.schemas.event.Workspace;
import dev.pulpo.tools.ToolExecutorSettings;
import dev.pulpo.tools.calendar.CalendarDay;
import dev.pulpo.tools.calendar.CustomerBookings;
import dev.pulpo.tools.executor.CalendarTools;
import dev.pulpo.tools.executor.ToolAnswer;
import dev.pulpo.tools.executor.ToolRunner;
import dev.pulpo.tools.stream.ToolExecutorTopology.CallInWorkspace;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Runs a calendar call where its workspace's calendar lives. Input is keyed by workspace id; output is keyed by
 * the conversation id again, as {@code tool-results} is. Reading the calendar, deciding and storing the change
 * happen in one {@code process} call of the one task that owns the workspace, so they are atomic; the stores'
 * changelogs and the result commit in the same exactly-once transaction.
 */
final class CalendarProcessor implements Processor<String, CallInWorkspace, String, ToolResult> {
    private final ToolRunner runner;
    private final CalendarTools tools;
    private final ToolExecutorSettings settings;
    private ProcessorContext<String, ToolResult> context;
    private KeyValueStore<String, CalendarDay> days;
    private KeyValueStore<String, String> bookings;
    private KeyValueStore<String, CustomerBookings> customers;
    private ResultsByCall resultsByCall;
    private boolean migrated;
    private Cancellable migration;

    CalendarProcessor(ToolRunner runner, CalendarTools tools, ToolExecutorSettings settings) {
        this.runner = runner;
        this.tools = tools;
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, ToolResult> context) {
        this.context = context;
        this.days = context.getStateStore(ToolExecutorTopology.CALENDAR_STORE);
        this.bookings = context.getStateStore(ToolExecutorTopology.CALENDAR_BOOKINGS_STORE);
        this.customers = context.getStateStore(ToolExecutorTopology.CALENDAR_CUSTOMERS_STORE);
        this.resultsByCall = new ResultsByCall(context.getStateStore(ToolExecutorTopology.RESULTS_BY_CALL_STORE), runner);
        // Past the retention a retried booking is still not taken twice: its booking id derives from the call id.
        // A sweep that fails is logged and counted, and runs again at its next time (kafka-support's Punctuations).
        context.schedule(settings.retentionSweep(), PunctuationType.WALL_CLOCK_TIME, Punctuations.guarded(context,
                "drop-old-calendar-results", now -> resultsByCall.dropOlderThan(Instant.ofEpochMilli(now).minus(settings.resultRetention()))));
        // Calendars stored before issue 12 move to days before the first call, or soon after start when none comes
        // (so the read API shows them); a store may not be written in init.
        migration = context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME,
                Punctuations.guarded(context, "migrate-calendars", now -> migrateOnce()));
    }

    @Override
    public void process(Record<String, CallInWorkspace> record) {
        migrateOnce();
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
            StoredCalendar calendar = new StoredCalendar(ws.workspaceId(), days, bookings, customers);
            CalendarTools.Run run = tools.run(call, ws, calendar);
            run.changed().ifPresent(next -> {
                calendar.save(next, ws.zone(), call.turnTime().toInstant(), settings.calendarCancelledPerDay());
                // Days long over go as the calendar is written, on the turn's clock, with their index entries.
                LocalDate firstKept = call.turnTime().atZoneSameInstant(ws.zone()).toLocalDateTime()
                        .minus(settings.calendarKeepPast()).toLocalDate();
                calendar.dropDaysBefore(firstKept);
            });
            return run.answer();
        });
        return runner.finish(call, answer, started, context.currentSystemTimeMs());
    }

    private void migrateOnce() {
        if (migrated) {
            return;
        }
        CalendarMigration.run(days, bookings, customers, settings.calendarCancelledPerDay());
        migrated = true;
        migration.cancel();
    }
}
