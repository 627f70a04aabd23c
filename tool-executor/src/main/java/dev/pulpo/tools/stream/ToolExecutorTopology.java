package dev.pulpo.tools.stream;

import dev.pulpo.kafka.streams.DeadLetters;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.ToolCall;
import dev.pulpo.schemas.event.ToolResult;
import dev.pulpo.schemas.event.Workspace;
import dev.pulpo.schemas.serde.JsonSerde;
import dev.pulpo.tools.ToolExecutorSettings;
import dev.pulpo.tools.calendar.CalendarDay;
import dev.pulpo.tools.calendar.CustomerBookings;
import dev.pulpo.tools.executor.CalendarTools;
import dev.pulpo.tools.executor.ToolRunner;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.GlobalKTable;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** The tool executor's flow, top to bottom. Every processor, store and internal topic name is here. */
@Component
public class ToolExecutorTopology {
    public static final String SERVICE = "tool-executor";

    /** workspace id → {@link Workspace}, global: every instance answers for every workspace. */
    public static final String WORKSPACES_STORE = "tool-executor-workspaces";
    /**
     * {@code <workspace id>|<yyyy-mm-dd>} → {@link CalendarDay}, the appointments starting that day; one task writes
     * each workspace's. Before issue 12 it held one value per workspace, under its id, which start-up migrates.
     */
    public static final String CALENDAR_STORE = "calendar";
    /** {@code <workspace id>|<booking id>} → the day the booking starts on ({@code yyyy-mm-dd}). */
    public static final String CALENDAR_BOOKINGS_STORE = "calendar-bookings";
    /** {@code <workspace id>|<conversation id>} → {@link CustomerBookings}, the customer's open bookings and last changes. */
    public static final String CALENDAR_CUSTOMERS_STORE = "calendar-customers";
    /** call id → the {@link ToolResult} already written for it, so a calendar call seen again never acts twice. */
    public static final String RESULTS_BY_CALL_STORE = "tool-results-by-call";
    /**
     * The same for the other calls (HTTP tools above all). A store of its own: one store shared by both paths would
     * fuse their sub-topologies, and a call's tool decides its path, so each call id lives in one store only.
     */
    public static final String RUN_TOOL_RESULTS_BY_CALL_STORE = "run-tool-results-by-call";
    /** The repartition topic is {@code <application.id>-calls-by-workspace-repartition}. */
    public static final String CALLS_BY_WORKSPACE = "calls-by-workspace";

    static final String READ_WORKSPACES = "read-workspaces";
    static final String SPLIT_CALLS = "calls-";
    static final String CALENDAR_BRANCH = "calendar";
    static final String OTHER_BRANCH = "other";
    static final String KEY_BY_WORKSPACE = "key-by-workspace";
    static final String JOIN_WORKSPACE_CALENDAR = "join-workspace-calendar";
    static final String RUN_CALENDAR_TOOL = "run-calendar-tool";
    static final String WRITE_CALENDAR_RESULTS = "write-calendar-results";
    static final String JOIN_WORKSPACE = "join-workspace";
    static final String RUN_TOOL = "run-tool";
    static final String WRITE_TOOL_RESULTS = "write-tool-results";

    private final ToolRunner runner;
    private final CalendarTools calendarTools;
    private final ToolExecutorSettings settings;

    public ToolExecutorTopology(ToolRunner runner, CalendarTools calendarTools, ToolExecutorSettings settings) {
        this.runner = runner;
        this.calendarTools = calendarTools;
        this.settings = settings;
    }

    @Autowired
    public void build(StreamsBuilder builder) {
        // 1. Every workspace, on every instance: calls are answered from the workspace they name.
        GlobalKTable<String, Workspace> workspaces = builder.globalTable(Topics.WORKSPACES.name(),
                Consumed.with(Topics.WORKSPACES.keySerde(), Topics.WORKSPACES.valueSerde()).withName(READ_WORKSPACES),
                Materialized.as(WORKSPACES_STORE));

        // 2. The calendar (a value per day, and two small indexes: by booking, by customer) and the call ids already
        //    answered; persistent, so bookings and idempotency survive restarts. The calendar's stores are cached: a
        //    burst of bookings rewrites the same day, the changelog gets the last one.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CALENDAR_STORE),
                Serdes.String(), new JsonSerde<>(CalendarDay.class)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CALENDAR_BOOKINGS_STORE),
                Serdes.String(), Serdes.String()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CALENDAR_CUSTOMERS_STORE),
                Serdes.String(), new JsonSerde<>(CustomerBookings.class)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RESULTS_BY_CALL_STORE),
                Serdes.String(), Topics.TOOL_RESULTS.valueSerde()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RUN_TOOL_RESULTS_BY_CALL_STORE),
                Serdes.String(), Topics.TOOL_RESULTS.valueSerde()));

        // 3. Read the calls; one that cannot be read goes to tool-calls.dlq with the reason.
        Map<String, KStream<String, ToolCall>> calls = new DeadLetters(SERVICE).readOrDeadLetter(builder, Topics.TOOL_CALLS)
                // 4. Calendar calls go one way, the rest (read-only tools, HTTP tools, unknown ones) the other.
                .split(Named.as(SPLIT_CALLS))
                .branch((conversationId, call) -> CalendarTools.handles(call.tool()), Branched.as(CALENDAR_BRANCH))
                .defaultBranch(Branched.as(OTHER_BRANCH));

        calls.get(SPLIT_CALLS + CALENDAR_BRANCH)
                // 5. Re-key by workspace through a repartition topic: ONE task owns each calendar, so two
                //    conversations can never take the same chair, whatever the concurrency.
                .selectKey((conversationId, call) -> call.workspaceId(), Named.as(KEY_BY_WORKSPACE))
                .repartition(Repartitioned.<String, ToolCall>as(CALLS_BY_WORKSPACE)
                        .withKeySerde(Topics.TOOL_CALLS.keySerde()).withValueSerde(Topics.TOOL_CALLS.valueSerde()))
                // 6. Attach the workspace (null when unknown: the result says so).
                .leftJoin(workspaces, (workspaceId, call) -> workspaceId, CallInWorkspace::new,
                        Named.as(JOIN_WORKSPACE_CALENDAR))
                // 7. Answer a call id seen before from its stored result; else decide against the calendar, store
                //    both, and key the result by the conversation again (the orchestrator reads it co-partitioned).
                .process(() -> new CalendarProcessor(runner, calendarTools, settings), Named.as(RUN_CALENDAR_TOOL),
                        CALENDAR_STORE, CALENDAR_BOOKINGS_STORE, CALENDAR_CUSTOMERS_STORE, RESULTS_BY_CALL_STORE)
                // 8. One result per call.
                .to(Topics.TOOL_RESULTS.name(), Produced.with(Topics.TOOL_RESULTS.keySerde(),
                        Topics.TOOL_RESULTS.valueSerde()).withName(WRITE_CALENDAR_RESULTS));

        calls.get(SPLIT_CALLS + OTHER_BRANCH)
                // 9. The other tools stay keyed by conversation: they share no state across conversations.
                .leftJoin(workspaces, (conversationId, call) -> call.workspaceId(), CallInWorkspace::new,
                        Named.as(JOIN_WORKSPACE))
                // 10. Answer a call id seen before from its stored result; else run it (an HTTP tool bounded by its
                //     timeout, call budget and circuit breaker: see RunToolProcessor) and store the result.
                .processValues(() -> new RunToolProcessor(runner, settings), Named.as(RUN_TOOL),
                        RUN_TOOL_RESULTS_BY_CALL_STORE)
                // 11. One result per call.
                .to(Topics.TOOL_RESULTS.name(), Produced.with(Topics.TOOL_RESULTS.keySerde(),
                        Topics.TOOL_RESULTS.valueSerde()).withName(WRITE_TOOL_RESULTS));
    }

    record CallInWorkspace(ToolCall call, Workspace workspace) {
    }
}
