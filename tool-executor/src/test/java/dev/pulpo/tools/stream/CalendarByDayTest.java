package dev.pulpo.tools.stream;

import static dev.pulpo.tools.TestCalls.THURSDAY;
import static dev.pulpo.tools.TestCalls.args;
import static dev.pulpo.tools.TestCalls.book;
import static dev.pulpo.tools.TestCalls.call;
import static dev.pulpo.tools.TestCalls.customer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.ToolCall;
import dev.pulpo.schemas.event.ToolNames;
import dev.pulpo.schemas.event.ToolResult;
import dev.pulpo.schemas.event.Workspace;
import dev.pulpo.schemas.serde.EventMapper;
import dev.pulpo.tools.ToolExecutorSettings;
import dev.pulpo.tools.calendar.Appointment;
import dev.pulpo.tools.calendar.CalendarDay;
import dev.pulpo.tools.calendar.CalendarKeys;
import dev.pulpo.tools.calendar.CalendarService;
import dev.pulpo.tools.calendar.Booked;
import dev.pulpo.tools.calendar.CustomerBookings;
import dev.pulpo.tools.calendar.WorkspaceCalendar;
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
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, through the topology: the calendar is kept a value per day with two small indexes, a customer holds at
 * most three open bookings, a calendar stored the old way is migrated, and no loop of booking and cancelling grows a
 * stored value or a changelog record.
 */
class CalendarByDayTest {
    private static final String ANA = customer(1);
    private static final String BETO = customer(2);
    private static final String FRIDAY = "2025-01-17";
    private static final String SATURDAY = "2025-01-18";
    private static final String MONDAY = "2025-01-20";
    private static final int KB = 1024;
    private static final String APPLICATION_ID = "pulpo-tool-executor";
    private static final List<String> CALENDAR_STORES = List.of(ToolExecutorTopology.CALENDAR_STORE,
            ToolExecutorTopology.CALENDAR_BOOKINGS_STORE, ToolExecutorTopology.CALENDAR_CUSTOMERS_STORE,
            ToolExecutorTopology.RESULTS_BY_CALL_STORE);

    private TopologyTestDriver driver;
    private TestInputTopic<String, ToolCall> calls;
    private TestOutputTopic<String, ToolResult> results;

    @BeforeEach
    void startTheTopologyWithTheDemoSalon() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        StreamsBuilder builder = new StreamsBuilder();
        new ToolExecutorTopology(new ToolRunner(new BuiltinTools(),
                new HttpTools(HttpToolSettings.DEFAULT, name -> Optional.empty(), meters, Clock.systemUTC()), meters),
                new CalendarTools(ToolExecutorSettings.DEFAULT), ToolExecutorSettings.DEFAULT).build(builder);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Path.of("target", "topology-test-state", UUID.randomUUID().toString())
                .toAbsolutePath().toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(builder.build(), props, Instant.parse("2026-03-02T12:00:00Z"));
        driver.createInputTopic(Topics.WORKSPACES.name(), new StringSerializer(), Topics.WORKSPACES.valueSerde().serializer())
                .pipeInput(DemoWorkspace.ID, DemoWorkspace.load());
        calls = driver.createInputTopic(Topics.TOOL_CALLS.name(), new StringSerializer(),
                Topics.TOOL_CALLS.valueSerde().serializer());
        results = driver.createOutputTopic(Topics.TOOL_RESULTS.name(), new StringDeserializer(),
                Topics.TOOL_RESULTS.valueSerde().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void eachDayIsAValueOfItsOwnAndEachBookingIsFoundThroughTheIndexes() {
        String thursday = bookingId(send(book("call-1", ANA, "corte", THURSDAY, "10:00")));
        String friday = bookingId(send(book("call-2", ANA, "corte", FRIDAY, "10:00")));
        send(book("call-3", BETO, "brushing", THURSDAY, "11:00"));

        assertThat(keys(ToolExecutorTopology.CALENDAR_STORE)).containsExactly(
                DemoWorkspace.ID + "|2025-01-16", DemoWorkspace.ID + "|2025-01-17");
        assertThat(day(THURSDAY).appointments()).extracting(Appointment::conversationId).containsExactly(ANA, BETO);
        assertThat(bookings().get(CalendarKeys.booking(DemoWorkspace.ID, friday))).isEqualTo(FRIDAY);
        assertThat(customers().get(CalendarKeys.customer(DemoWorkspace.ID, ANA)).open())
                .extracting(CustomerBookings.Open::bookingId).containsExactly(thursday, friday);

        // Cancelling without an id finds Ana's soonest through her index
        Map<String, Object> cancelled = send(call("call-4", ANA, ToolNames.CANCEL_APPOINTMENT, Map.of()));
        assertThat(cancelled).containsEntry("status", "cancelled").containsEntry("booking_id", thursday);
        assertThat(customers().get(CalendarKeys.customer(DemoWorkspace.ID, ANA)).open())
                .extracting(CustomerBookings.Open::bookingId).containsExactly(friday);
    }

    @Test
    void reschedulingToAnotherDayMovesTheBookingToThatDaysKeyAndFreesTheOldChair() {
        String id = bookingId(send(book("call-1", ANA, "corte", THURSDAY, "10:00")));
        send(book("call-2", BETO, "corte", THURSDAY, "10:00"));

        Map<String, Object> moved = send(call("call-3", ANA, ToolNames.RESCHEDULE_APPOINTMENT,
                args("date", SATURDAY, "time", "11:00")));

        assertThat(moved).containsEntry("status", "rescheduled").containsEntry("booking_id", id)
                .containsEntry("date", SATURDAY).containsEntry("previous_date", THURSDAY);
        assertThat(day(THURSDAY).appointments()).extracting(Appointment::conversationId).containsExactly(BETO);
        assertThat(day(SATURDAY).appointments()).singleElement().satisfies(a -> {
            assertThat(a.bookingId()).isEqualTo(id);
            assertThat(a.start().toLocalTime()).isEqualTo(LocalTime.of(11, 0));
        });
        assertThat(bookings().get(CalendarKeys.booking(DemoWorkspace.ID, id))).isEqualTo(SATURDAY);
        assertThat(send(book("call-4", customer(3), "corte", THURSDAY, "10:00")))
                .as("Thursday 10:00 has a chair again").containsEntry("status", "booked");

        // and back: the day it leaves empty is deleted, not kept as an empty value
        send(call("call-5", ANA, ToolNames.RESCHEDULE_APPOINTMENT, args("booking_id", id, "date", MONDAY, "time", "09:00")));
        assertThat(keys(ToolExecutorTopology.CALENDAR_STORE)).doesNotContain(DemoWorkspace.ID + "|" + SATURDAY)
                .contains(DemoWorkspace.ID + "|" + MONDAY);
        assertThat(send(call("call-6", ANA, ToolNames.CANCEL_APPOINTMENT, Map.of())))
                .containsEntry("status", "cancelled").containsEntry("date", MONDAY);
    }

    @Test
    void aCustomerWithThreeOpenBookingsIsToldTheLimitAndOthersStillBook() {
        send(book("call-1", ANA, "corte", THURSDAY, "10:00"));
        send(book("call-2", ANA, "corte", FRIDAY, "10:00"));
        send(book("call-3", ANA, "corte", SATURDAY, "10:00"));

        Map<String, Object> fourth = send(book("call-4", ANA, "corte", MONDAY, "10:00"));

        assertThat(fourth).isEqualTo(Map.of("status", "limit_reached", "limit", 3));
        assertThat(send(book("call-5", BETO, "corte", MONDAY, "10:00"))).containsEntry("status", "booked");
        send(call("call-6", ANA, ToolNames.CANCEL_APPOINTMENT, Map.of()));
        assertThat(send(book("call-7", ANA, "corte", MONDAY, "10:00"))).containsEntry("status", "booked");
    }

    @Test
    void aWholeCalendarStoredTheOldWayMovesToDaysBeforeTheFirstCall() {
        // Given the calendar store as tool-executor left it before issue 12: one value, under the workspace id
        Appointment anasThursday = bookOnTheSide("old-1", ANA, LocalDate.parse(THURSDAY), "10:00", WorkspaceCalendar.empty(DemoWorkspace.ID));
        WorkspaceCalendar old = WorkspaceCalendar.empty(DemoWorkspace.ID).with(anasThursday);
        Appointment betosFriday = bookOnTheSide("old-2", BETO, LocalDate.parse(FRIDAY), "10:00", old);
        old = old.with(betosFriday);
        days().put(DemoWorkspace.ID, asStoredBefore(old));

        // When a call comes: Ana cancels "my appointment"
        Map<String, Object> cancelled = send(call("call-1", ANA, ToolNames.CANCEL_APPOINTMENT, Map.of()));

        // Then her old booking was found through the new indexes, and the old value is gone
        assertThat(cancelled).containsEntry("status", "cancelled").containsEntry("booking_id", anasThursday.bookingId());
        assertThat(keys(ToolExecutorTopology.CALENDAR_STORE)).containsExactly(
                DemoWorkspace.ID + "|2025-01-16", DemoWorkspace.ID + "|2025-01-17");
        assertThat(day(FRIDAY).appointments()).containsExactly(betosFriday);
        assertThat(bookings().get(CalendarKeys.booking(DemoWorkspace.ID, betosFriday.bookingId()))).isEqualTo(FRIDAY);
        // and a retry of the old call that booked Beto's is still answered with it, not a second chair
        assertThat(send(book("old-2", BETO, "corte", FRIDAY, "10:00")))
                .containsEntry("status", "booked").containsEntry("booking_id", betosFriday.bookingId());
        assertThat(day(FRIDAY).appointments()).hasSize(1);
    }

    @Test
    void withoutAnyCallTheOldCalendarMovesSoonAfterStartSoTheReadApiSeesIt() {
        Appointment anasThursday = bookOnTheSide("old-1", ANA, LocalDate.parse(THURSDAY), "10:00", WorkspaceCalendar.empty(DemoWorkspace.ID));
        days().put(DemoWorkspace.ID, asStoredBefore(WorkspaceCalendar.empty(DemoWorkspace.ID).with(anasThursday)));

        driver.advanceWallClockTime(Duration.ofSeconds(2));

        assertThat(keys(ToolExecutorTopology.CALENDAR_STORE)).containsExactly(DemoWorkspace.ID + "|2025-01-16");
        assertThat(customers().get(CalendarKeys.customer(DemoWorkspace.ID, ANA)).open())
                .extracting(CustomerBookings.Open::bookingId).containsExactly(anasThursday.bookingId());
    }

    /**
     * Issue 12's acceptance: 500 cycles of booking and cancelling to one workspace, all on the same day and slot,
     * leave no stored value and no changelog record above 100 KB, and another customer still gets an answer.
     */
    @Test
    void fiveHundredBookAndCancelCyclesGrowNoValueNorChangelogRecordPast100KbAndTheSalonStillAnswers() {
        for (int i = 0; i < 500; i++) {
            String customer = customer(10 + i % 5);
            Map<String, Object> booked = send(book("loop-book-" + i, customer, "corte", THURSDAY, "10:00"));
            assertThat(booked).as("cycle %d", i).containsEntry("status", "booked");
            assertThat(send(call("loop-cancel-" + i, customer, ToolNames.CANCEL_APPOINTMENT,
                    args("booking_id", bookingId(booked))))).as("cycle %d", i).containsEntry("status", "cancelled");
        }

        for (String store : CALENDAR_STORES) {
            assertThat(largestStoredValue(store)).as("largest value of store %s", store).isLessThan(100 * KB);
        }
        assertThat(driver.producedTopicNames()).as("the calendar's changelogs")
                .contains(changelog(ToolExecutorTopology.CALENDAR_STORE), changelog(ToolExecutorTopology.CALENDAR_BOOKINGS_STORE),
                        changelog(ToolExecutorTopology.CALENDAR_CUSTOMERS_STORE));
        for (String topic : driver.producedTopicNames()) {
            TestOutputTopic<byte[], byte[]> records = driver.createOutputTopic(topic, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
            assertThat(records.readValuesToList()).as("records of %s", topic)
                    .allSatisfy(v -> assertThat(v == null ? 0 : v.length).isLessThan(100 * KB));
        }
        assertThat(day(THURSDAY).appointments()).as("the day keeps 50 cancelled appointments").hasSize(50);

        assertThat(send(book("after-the-loop", BETO, "corte", THURSDAY, "10:00"))).containsEntry("status", "booked");
        assertThat(send(call("after-the-loop-check", customer(3), ToolNames.CHECK_AVAILABILITY,
                args("service", "corte", "date", THURSDAY, "time", "10:00")))).containsEntry("time_free", true);
    }

    private Map<String, Object> send(ToolCall call) {
        calls.pipeInput(call.conversationId(), call);
        ToolResult result = results.readValue();
        assertThat(result.status()).as("call %s: %s", call.callId(), result.error()).isEqualTo(ToolResult.OK);
        return result.result();
    }

    private static String bookingId(Map<String, Object> result) {
        return (String) result.get("booking_id");
    }

    private static Appointment bookOnTheSide(String callId, String customer, LocalDate date, String time, WorkspaceCalendar cal) {
        return ((Booked) new CalendarService().book(DemoWorkspace.load(), cal, callId, customer, "corte", date,
                LocalTime.parse(time), dev.pulpo.tools.TestCalls.TURN_TIME)).appointment();
    }

    /** A whole calendar as the store read it back before issue 12: its JSON, read by today's serde. */
    private static CalendarDay asStoredBefore(WorkspaceCalendar calendar) {
        var json = EventMapper.create();
        return json.readValue(json.writeValueAsBytes(calendar), CalendarDay.class);
    }

    private CalendarDay day(String date) {
        CalendarDay day = days().get(CalendarKeys.day(DemoWorkspace.ID, LocalDate.parse(date)));
        return day != null ? day : CalendarDay.empty(DemoWorkspace.ID, LocalDate.parse(date));
    }

    private KeyValueStore<String, CalendarDay> days() {
        return driver.getKeyValueStore(ToolExecutorTopology.CALENDAR_STORE);
    }

    private KeyValueStore<String, String> bookings() {
        return driver.getKeyValueStore(ToolExecutorTopology.CALENDAR_BOOKINGS_STORE);
    }

    private KeyValueStore<String, CustomerBookings> customers() {
        return driver.getKeyValueStore(ToolExecutorTopology.CALENDAR_CUSTOMERS_STORE);
    }

    private List<String> keys(String store) {
        try (KeyValueIterator<String, Object> all = driver.<String, Object>getKeyValueStore(store).all()) {
            List<String> keys = new java.util.ArrayList<>();
            all.forEachRemaining(kv -> keys.add(kv.key));
            return keys;
        }
    }

    /** The largest value of a store, in the bytes its serde writes (what RocksDB and the changelog hold). */
    private int largestStoredValue(String store) {
        var json = EventMapper.create();
        int largest = 0;
        try (KeyValueIterator<String, Object> all = driver.<String, Object>getKeyValueStore(store).all()) {
            while (all.hasNext()) {
                KeyValue<String, Object> kv = all.next();
                largest = Math.max(largest, json.writeValueAsBytes(kv.value).length);
            }
        }
        return largest;
    }

    private static String changelog(String store) {
        return APPLICATION_ID + "-" + store + "-changelog";
    }
}
