package dev.pulpo.tools.stream;

import static dev.pulpo.tools.TestCalls.SUNDAY;
import static dev.pulpo.tools.TestCalls.THURSDAY;
import static dev.pulpo.tools.TestCalls.args;
import static dev.pulpo.tools.TestCalls.book;
import static dev.pulpo.tools.TestCalls.call;
import static dev.pulpo.tools.TestCalls.customer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.DeadLetter;
import dev.pulpo.schemas.event.ToolCall;
import dev.pulpo.schemas.event.ToolNames;
import dev.pulpo.schemas.event.ToolResult;
import dev.pulpo.schemas.event.Workspace;
import dev.pulpo.tools.ToolExecutorSettings;
import dev.pulpo.tools.calendar.Appointment;
import dev.pulpo.tools.calendar.CalendarDay;
import dev.pulpo.tools.calendar.CalendarKeys;
import dev.pulpo.tools.executor.BuiltinTools;
import dev.pulpo.tools.executor.CalendarTools;
import dev.pulpo.tools.executor.ToolRunner;
import dev.pulpo.tools.httptool.HttpToolSettings;
import dev.pulpo.tools.httptool.HttpTools;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The topology without a broker: what goes in on tool-calls and what comes out on tool-results. */
class ToolExecutorTopologyTest {
    private static final String ANA = customer(1);
    private static final String BETO = customer(2);
    private static final String CARLA = customer(3);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<String, Workspace> workspaces;
    private TestInputTopic<String, ToolCall> calls;
    private TestInputTopic<String, String> rawCalls;
    private TestOutputTopic<String, ToolResult> results;
    private TestOutputTopic<String, DeadLetter> deadLetters;

    @BeforeEach
    void startTheTopologyWithTheDemoSalon() {
        StreamsBuilder builder = new StreamsBuilder();
        new ToolExecutorTopology(new ToolRunner(new BuiltinTools(),
                new HttpTools(HttpToolSettings.DEFAULT, name -> Optional.empty(), meters, Clock.systemUTC()), meters),
                new CalendarTools(ToolExecutorSettings.DEFAULT), ToolExecutorSettings.DEFAULT).build(builder);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "pulpo-tool-executor");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Path.of("target", "topology-test-state", UUID.randomUUID().toString())
                .toAbsolutePath().toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        driver = new TopologyTestDriver(builder.build(), props, Instant.parse("2026-03-02T12:00:00Z"));

        workspaces = driver.createInputTopic(Topics.WORKSPACES.name(), new StringSerializer(),
                Topics.WORKSPACES.valueSerde().serializer());
        calls = driver.createInputTopic(Topics.TOOL_CALLS.name(), new StringSerializer(),
                Topics.TOOL_CALLS.valueSerde().serializer());
        rawCalls = driver.createInputTopic(Topics.TOOL_CALLS.name(), new StringSerializer(), new StringSerializer());
        results = driver.createOutputTopic(Topics.TOOL_RESULTS.name(), new StringDeserializer(),
                Topics.TOOL_RESULTS.valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(Topics.TOOL_CALLS.dlq().name(), new StringDeserializer(),
                Topics.TOOL_CALLS.dlq().valueSerde().deserializer());
        workspaces.pipeInput(DemoWorkspace.ID, DemoWorkspace.load());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void bookingAFreeSlotReservesItAndAnswersTheConversationWithTheBooking() {
        // When
        send(book("call-1", ANA, "corte", THURSDAY, "10:00"));

        // Then
        var out = results.readKeyValue();
        assertThat(out.key).isEqualTo(ANA);
        ToolResult result = out.value;
        assertThat(result.status()).isEqualTo(ToolResult.OK);
        assertThat(result.callId()).isEqualTo("call-1");
        assertThat(result.conversationId()).isEqualTo(ANA);
        assertThat(result.result())
                .containsEntry("status", "booked")
                .containsEntry("service", "Corte de Cabello")
                .containsEntry("date", THURSDAY)
                .containsEntry("time", "10:00")
                .containsKey("booking_id");
        assertThat(appointments()).extracting(Appointment::bookingId)
                .containsExactly((String) result.result().get("booking_id"));
        assertThat(results.isEmpty()).isTrue();
    }

    @Test
    void theSameCallIdTwiceBooksOnceAndAnswersTheSameResultBothTimes() {
        ToolCall call = book("call-1", ANA, "corte", THURSDAY, "10:00");

        send(call);
        send(call);

        List<ToolResult> both = results.readValuesToList();
        assertThat(both).hasSize(2);
        assertThat(both.get(1)).isEqualTo(both.get(0));
        assertThat(appointments()).hasSize(1);
        assertThat(meters.counter("tool.calls.replayed", "tool", ToolNames.BOOK_APPOINTMENT).count()).isEqualTo(1);
        assertThat(meters.counter("tool.calls", "tool", ToolNames.BOOK_APPOINTMENT, "status", "ok").count()).isEqualTo(1);
    }

    @Test
    void aNewCallIdFromTheSameCustomerForTheSameSlotIsASecondBooking() {
        send(book("call-1", ANA, "corte", THURSDAY, "10:00"));
        send(book("call-2", ANA, "corte", THURSDAY, "10:00"));

        assertThat(results.readValuesToList()).extracting(r -> r.result().get("status")).containsExactly("booked", "booked");
        assertThat(appointments()).hasSize(2);
    }

    @Test
    void onceBothChairsAreTakenTheNextCustomerGetsUnavailableWithTheNearestFreeTimes() {
        send(book("call-1", ANA, "corte", THURSDAY, "10:00"));
        send(book("call-2", BETO, "corte", THURSDAY, "10:00"));
        send(book("call-3", CARLA, "corte", THURSDAY, "10:00"));

        List<ToolResult> out = results.readValuesToList();
        assertThat(out).extracting(r -> r.result().get("status")).containsExactly("booked", "booked", "unavailable");
        ToolResult refused = out.get(2);
        assertThat(refused.status()).as("the calendar decided: the call itself is ok").isEqualTo(ToolResult.OK);
        assertThat(refused.result())
                .containsEntry("service", "Corte de Cabello")
                .containsEntry("free_times", List.of("09:15", "10:45", "09:00", "11:00", "11:15"))
                .containsEntry("nearest", List.of(
                        Map.of("date", THURSDAY, "time", "09:15"), Map.of("date", THURSDAY, "time", "10:45"),
                        Map.of("date", THURSDAY, "time", "09:00"), Map.of("date", THURSDAY, "time", "11:00"),
                        Map.of("date", THURSDAY, "time", "11:15")));
    }

    @Test
    void resultsComeBackKeyedByTheConversationWhateverTheTool() {
        send(book("call-1", ANA, "corte", THURSDAY, "10:00"));
        send(call("call-2", BETO, ToolNames.GET_BUSINESS_HOURS, Map.of()));
        send(call("call-3", CARLA, ToolNames.CHECK_AVAILABILITY, args("service", "corte", "date", THURSDAY)));

        assertThat(results.readKeyValuesToList()).allSatisfy(kv -> assertThat(kv.key).isEqualTo(kv.value.conversationId()))
                .extracting(kv -> kv.key).containsExactlyInAnyOrder(ANA, BETO, CARLA);
    }

    @Test
    @SuppressWarnings("unchecked")
    void checkAvailabilityGivesTheFreeTimesAndWhetherTheAskedTimeIsFree() {
        send(book("call-1", ANA, "corte", THURSDAY, "10:00"));
        send(book("call-2", BETO, "corte", THURSDAY, "10:00"));
        results.readValuesToList();

        send(call("call-3", CARLA, ToolNames.CHECK_AVAILABILITY, args("service", "Corte de Cabello", "date", THURSDAY, "time", "10:00")));

        Map<String, Object> result = results.readValue().result();
        assertThat(result).containsEntry("time_free", false).containsEntry("reason", "taken");
        assertThat((List<Object>) result.get("free_times")).contains("09:00", "09:15", "10:45").doesNotContain("10:00");
        assertThat((List<?>) result.get("nearest")).first().isEqualTo(Map.of("date", THURSDAY, "time", "09:15"));
    }

    @Test
    void checkAvailabilityOnAClosedDaySaysClosed() {
        send(call("call-1", ANA, ToolNames.CHECK_AVAILABILITY, args("service", "corte", "date", SUNDAY)));

        assertThat(results.readValue().result()).containsEntry("reason", "closed").containsEntry("free_times", List.of());
    }

    @Test
    void cancellingAndReschedulingActOnTheCustomersBooking() {
        send(book("call-1", ANA, "corte", THURSDAY, "10:00"));
        String bookingId = (String) results.readValue().result().get("booking_id");

        send(call("call-2", ANA, ToolNames.RESCHEDULE_APPOINTMENT, args("booking_id", bookingId, "date", THURSDAY, "time", "11:00")));
        send(call("call-3", BETO, ToolNames.CANCEL_APPOINTMENT, args("booking_id", bookingId)));
        send(call("call-4", ANA, ToolNames.CANCEL_APPOINTMENT, Map.of()));

        List<Map<String, Object>> out = results.readValuesToList().stream().map(ToolResult::result).toList();
        assertThat(out.get(0)).containsEntry("status", "rescheduled").containsEntry("time", "11:00")
                .containsEntry("booking_id", bookingId);
        assertThat(out.get(1)).as("another customer's booking").containsEntry("status", "rejected")
                .containsEntry("reason", "not_your_booking");
        assertThat(out.get(2)).containsEntry("status", "cancelled").containsEntry("booking_id", bookingId);
        assertThat(appointments()).singleElement().satisfies(a -> assertThat(a.holdsChair()).isFalse());
    }

    @Test
    void aServiceTheCatalogDoesNotKnowIsAnOkCallThatTheCalendarRejects() {
        send(book("call-1", ANA, "depilación", THURSDAY, "10:00"));

        ToolResult result = results.readValue();
        assertThat(result.status()).isEqualTo(ToolResult.OK);
        assertThat(result.result()).containsEntry("status", "rejected").containsEntry("reason", "unknown_service");
    }

    @Test
    void argumentsTheCalendarCannotReadFailTheCallAndBookNothing() {
        send(call("call-1", ANA, ToolNames.BOOK_APPOINTMENT, args("service", "corte", "time", "10:00")));
        send(book("call-2", ANA, "corte", "16/01/2025", "10:00"));
        send(book("call-3", ANA, "corte", THURSDAY, "diez"));
        send(call("call-4", ANA, ToolNames.BOOK_APPOINTMENT, args("service", 7, "date", THURSDAY, "time", "10:00")));

        assertThat(results.readValuesToList()).allSatisfy(r -> assertThat(r.status()).isEqualTo(ToolResult.FAILED))
                .extracting(ToolResult::error).containsExactly(
                        "argument date is required",
                        "argument date must be a date as YYYY-MM-DD, not '16/01/2025'",
                        "argument time must be a time as HH:mm, not 'diez'",
                        "argument service must be a string");
        assertThat(appointments()).isEmpty();
    }

    @Test
    void aCallForAnUnknownWorkspaceFailsOnEitherPath() {
        String stranger = "no-such-workspace:+5491155550009";

        send(book("call-1", stranger, "corte", THURSDAY, "10:00"));
        send(call("call-2", stranger, ToolNames.GET_SERVICES, Map.of()));

        assertThat(results.readKeyValuesToList()).allSatisfy(kv -> {
            assertThat(kv.key).isEqualTo(stranger);
            assertThat(kv.value.status()).isEqualTo(ToolResult.FAILED);
            assertThat(kv.value.error()).isEqualTo("unknown workspace no-such-workspace");
        }).hasSize(2);
    }

    @Test
    void aCalendarToolOutsideTheWorkspacesManifestIsDenied() {
        Workspace demo = DemoWorkspace.load();
        Workspace readOnly = demo.withPolicy(new Workspace.Policy(3, List.of(ToolNames.CHECK_AVAILABILITY)));
        workspaces.pipeInput(DemoWorkspace.ID, readOnly);

        send(book("call-1", ANA, "corte", THURSDAY, "10:00"));

        ToolResult result = results.readValue();
        assertThat(result.status()).isEqualTo(ToolResult.DENIED);
        assertThat(result.error()).contains("not in the workspace's manifest");
    }

    @Test
    void aCallWhoseConversationBelongsToAnotherWorkspaceFailsWithoutShowingThePhone() {
        ToolCall foreign = new ToolCall(ToolCall.VERSION, "call-1", "decision-1", "other-salon:+5491155550001",
                DemoWorkspace.ID, ToolNames.BOOK_APPOINTMENT, args("service", "corte", "date", THURSDAY, "time", "10:00"),
                dev.pulpo.tools.TestCalls.TURN_TIME, null);

        send(foreign);

        ToolResult result = results.readValue();
        assertThat(result.status()).isEqualTo(ToolResult.FAILED);
        assertThat(result.error()).contains("is not a customer of workspace").doesNotContain("5491155550001");
    }

    @Test
    void aCallIdReusedByAnotherConversationFailsAndRevealsNothingOfTheFirst() {
        send(book("call-1", ANA, "corte", THURSDAY, "10:00"));
        send(book("call-1", BETO, "corte", THURSDAY, "11:00"));

        List<ToolResult> out = results.readValuesToList();
        assertThat(out.get(1).conversationId()).isEqualTo(BETO);
        assertThat(out.get(1).status()).isEqualTo(ToolResult.FAILED);
        assertThat(out.get(1).result()).isEmpty();
        assertThat(appointments()).hasSize(1);
    }

    @Test
    void aStoredResultIsDroppedAfterTheRetentionAndARetriedBookingStillTakesNoSecondChair() {
        ToolCall call = book("call-1", ANA, "corte", THURSDAY, "10:00");
        send(call);
        Object bookingId = results.readValue().result().get("booking_id");
        KeyValueStore<String, ToolResult> stored = driver.getKeyValueStore(ToolExecutorTopology.RESULTS_BY_CALL_STORE);
        assertThat(stored.get("call-1")).isNotNull();

        driver.advanceWallClockTime(Duration.ofDays(7).plusHours(1));

        assertThat(stored.get("call-1")).isNull();
        send(call);
        assertThat(results.readValue().result()).containsEntry("status", "booked").containsEntry("booking_id", bookingId);
        assertThat(appointments()).hasSize(1);
    }

    @Test
    void daysLongPastLeaveTheStoredCalendarAndItsIndexesWhenItIsNextWritten() {
        send(book("call-1", ANA, "corte", THURSDAY, "10:00"));
        results.readValue();

        // Two months later (on the turn's clock), another customer books
        java.time.OffsetDateTime later = java.time.OffsetDateTime.parse("2025-03-20T10:00:00-03:00");
        send(new ToolCall(ToolCall.VERSION, "call-2", "d-2", BETO, DemoWorkspace.ID, "book_appointment",
                java.util.Map.of("service", "corte", "date", "2025-03-21", "time", "10:00"), later, dev.pulpo.tools.TestCalls.NOT_SOON));
        assertThat(results.readValue().result()).containsEntry("status", "booked");

        assertThat(appointments()).extracting(Appointment::conversationId).containsExactly(BETO);
        assertThat(driver.<String, CalendarDay>getKeyValueStore(ToolExecutorTopology.CALENDAR_STORE)
                .get(CalendarKeys.day(DemoWorkspace.ID, java.time.LocalDate.parse(THURSDAY)))).isNull();
        assertThat(driver.<String, Object>getKeyValueStore(ToolExecutorTopology.CALENDAR_CUSTOMERS_STORE)
                .get(CalendarKeys.customer(DemoWorkspace.ID, ANA))).as("Ana's index went with her day").isNull();
        try (var bookings = driver.<String, String>getKeyValueStore(ToolExecutorTopology.CALENDAR_BOOKINGS_STORE).all()) {
            assertThat(bookings).toIterable().extracting(kv -> kv.value).containsExactly("2025-03-21");
        }
    }

    @Test
    void aMalformedToolCallGoesToTheDeadLetterTopicWithTheReason() {
        rawCalls.pipeInput(ANA, "{not json");
        rawCalls.pipeInput(ANA, "{\"schema_version\":1,\"decision_id\":\"d\",\"conversation_id\":\"" + ANA
                + "\",\"workspace_id\":\"" + DemoWorkspace.ID + "\",\"tool\":\"book_appointment\",\"turn_time\":\"2025-01-15T10:00:00-03:00\"}");

        List<DeadLetter> letters = deadLetters.readValuesToList();
        assertThat(letters).hasSize(2);
        assertThat(letters.get(0).reason()).contains("cannot read ToolCall");
        assertThat(letters.get(1).reason()).contains("call_id");
        assertThat(results.isEmpty()).isTrue();
    }

    private void send(ToolCall call) {
        calls.pipeInput(call.conversationId(), call);
    }

    /** Every appointment of the demo salon, day by day, as the calendar store holds them. */
    private List<Appointment> appointments() {
        List<Appointment> all = new java.util.ArrayList<>();
        try (var days = driver.<String, CalendarDay>getKeyValueStore(ToolExecutorTopology.CALENDAR_STORE).all()) {
            days.forEachRemaining(kv -> all.addAll(kv.value.appointments()));
        }
        return all;
    }
}
