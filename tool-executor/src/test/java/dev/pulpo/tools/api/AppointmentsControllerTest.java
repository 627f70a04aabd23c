package dev.pulpo.tools.api;

import static dev.pulpo.tools.TestCalls.TURN_TIME;
import static dev.pulpo.tools.TestCalls.customer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.event.Workspace;
import dev.pulpo.tools.api.AppointmentsController.AppointmentView;
import dev.pulpo.tools.api.AppointmentsController.Appointments;
import dev.pulpo.tools.calendar.Appointment;
import dev.pulpo.tools.calendar.Booked;
import dev.pulpo.tools.calendar.CalendarDay;
import dev.pulpo.tools.calendar.CalendarKeys;
import dev.pulpo.tools.calendar.CalendarService;
import dev.pulpo.tools.calendar.Cancelled;
import dev.pulpo.tools.calendar.WorkspaceCalendar;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

/** The endpoint's answers, with the Kafka Streams stores stood in for by maps. */
class AppointmentsControllerTest {
    private static final Workspace DEMO = DemoWorkspace.load();
    private static final LocalDate THURSDAY = LocalDate.of(2025, 1, 16);
    private static final LocalDate FRIDAY = LocalDate.of(2025, 1, 17);
    /** 01:30Z on the 16th is still Wednesday the 15th in Buenos Aires: "today" is the workspace's. */
    private static final Clock WEDNESDAY_NIGHT_IN_BUENOS_AIRES = Clock.fixed(Instant.parse("2025-01-16T01:30:00Z"), ZoneOffset.UTC);

    private final Map<String, Workspace> workspaces = new HashMap<>(Map.of(DemoWorkspace.ID, DEMO));
    /** The calendar store: day keys in their byte order, as RocksDB keeps them. */
    private final TreeMap<String, CalendarDay> days = new TreeMap<>();
    private InvalidStateStoreException notQueryable;
    private final AppointmentsController controller = new AppointmentsController(new CalendarQueries() {
        @Override
        public Optional<Workspace> workspace(String workspaceId) {
            failIfNotQueryable();
            return Optional.ofNullable(workspaces.get(workspaceId));
        }

        @Override
        public List<CalendarDay> days(String workspaceId, LocalDate from, LocalDate to) {
            failIfNotQueryable();
            return List.copyOf(days.subMap(CalendarKeys.day(workspaceId, from), true, CalendarKeys.day(workspaceId, to), true)
                    .values());
        }
    }, WEDNESDAY_NIGHT_IN_BUENOS_AIRES);

    /** Thursday: a brushing at 09:00, a corte at 11:00, a corte at 15:00 cancelled; Friday: a corte at 09:00; and one in February. */
    private void bookTheWeek() {
        CalendarService calendar = new CalendarService();
        store(((Booked) calendar.book(DEMO, WorkspaceCalendar.empty(DemoWorkspace.ID), "c1",
                customer(1), "corte", THURSDAY, LocalTime.of(11, 0), TURN_TIME)).appointment());
        store(((Booked) calendar.book(DEMO, WorkspaceCalendar.empty(DemoWorkspace.ID), "c2",
                customer(2), "brushing", THURSDAY, LocalTime.of(9, 0), TURN_TIME)).appointment());
        store(((Booked) calendar.book(DEMO, WorkspaceCalendar.empty(DemoWorkspace.ID), "c3",
                customer(3), "corte", FRIDAY, LocalTime.of(9, 0), TURN_TIME)).appointment());
        Appointment later = ((Booked) calendar.book(DEMO, WorkspaceCalendar.empty(DemoWorkspace.ID),
                "c4", customer(4), "corte", THURSDAY, LocalTime.of(15, 0), TURN_TIME)).appointment();
        store(((Cancelled) calendar.cancel(DEMO, WorkspaceCalendar.empty(DemoWorkspace.ID).with(later),
                "c5", customer(4), Optional.of(later.bookingId()), TURN_TIME)).appointment());
        store(((Booked) calendar.book(DEMO, WorkspaceCalendar.empty(DemoWorkspace.ID), "c6",
                customer(6), "corte", LocalDate.of(2025, 2, 10), LocalTime.of(9, 0), TURN_TIME)).appointment());
    }

    private void store(Appointment a) {
        LocalDate date = a.start().toLocalDate();
        days.merge(CalendarKeys.day(a.workspaceId(), date), CalendarDay.empty(a.workspaceId(), date).with(a),
                (old, added) -> old.with(a));
    }

    @Test
    void listsTheBookedAppointmentsOfTheDayInStartOrderWithTheCustomerMasked() {
        bookTheWeek();

        ResponseEntity<?> response = controller.appointments(DemoWorkspace.ID, "2025-01-16", null, null);

        assertThat(response.getStatusCode().value()).isEqualTo(200);
        Appointments body = (Appointments) response.getBody();
        assertThat(body.date()).isEqualTo("2025-01-16");
        assertThat(body.from()).isNull();
        assertThat(body.appointments()).extracting(AppointmentView::time, AppointmentView::service)
                .containsExactly(Tuple.tuple("09:00", "Brushing"), Tuple.tuple("11:00", "Corte de Cabello"));
        assertThat(body.appointments().getFirst().customer()).isEqualTo(DemoWorkspace.ID + ":+54***0002");
        assertThat(body.appointments().getFirst().endTime()).isEqualTo("09:30");
    }

    @Test
    void withoutADateItListsAWeekFromTodayInTheWorkspacesZone() {
        bookTheWeek();

        Appointments body = (Appointments) controller.appointments(DemoWorkspace.ID, null, null, null).getBody();

        assertThat(body.date()).isNull();
        assertThat(body.from()).isEqualTo("2025-01-15");
        assertThat(body.to()).isEqualTo("2025-01-21");
        assertThat(body.appointments()).extracting(AppointmentView::date, AppointmentView::time).containsExactly(
                Tuple.tuple("2025-01-16", "09:00"), Tuple.tuple("2025-01-16", "11:00"), Tuple.tuple("2025-01-17", "09:00"));
    }

    @Test
    void aWindowIsAskedWithFromAndDaysAndTheNextOneStartsTheDayAfterTo() {
        bookTheWeek();

        Appointments friday = (Appointments) controller.appointments(DemoWorkspace.ID, null, "2025-01-17", "1").getBody();
        Appointments month = (Appointments) controller.appointments(DemoWorkspace.ID, null, "2025-01-18", "31").getBody();

        assertThat(friday.appointments()).extracting(AppointmentView::date).containsExactly("2025-01-17");
        assertThat(friday.to()).isEqualTo("2025-01-17");
        assertThat(month.to()).isEqualTo("2025-02-17");
        assertThat(month.appointments()).extracting(AppointmentView::date).containsExactly("2025-02-10");
    }

    @Test
    void aWindowLongerThanAMonthOrADateWithAWindowIsABadRequest() {
        assertThat(controller.appointments(DemoWorkspace.ID, null, null, "32").getBody())
                .isEqualTo(Map.of("error", "days must be a whole number from 1 to 31, not '32'", "field", "days"));
        assertThat(controller.appointments(DemoWorkspace.ID, null, null, "0").getStatusCode().value()).isEqualTo(400);
        assertThat(controller.appointments(DemoWorkspace.ID, null, null, "siete").getStatusCode().value()).isEqualTo(400);
        assertThat(controller.appointments(DemoWorkspace.ID, "2025-01-16", "2025-01-16", null).getStatusCode().value())
                .isEqualTo(400);
        assertThat(controller.appointments(DemoWorkspace.ID, null, "mañana", null).getBody())
                .isEqualTo(Map.of("error", "from must be a date as YYYY-MM-DD, not 'mañana'", "field", "from"));
    }

    @Test
    void aKnownWorkspaceWithoutBookingsHasAnEmptyList() {
        ResponseEntity<?> response = controller.appointments(DemoWorkspace.ID, null, null, null);

        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(((Appointments) response.getBody()).appointments()).isEmpty();
    }

    @Test
    void anUnknownWorkspaceIsNotFound() {
        ResponseEntity<?> response = controller.appointments("no-such-salon", null, null, null);

        assertThat(response.getStatusCode().value()).isEqualTo(404);
        assertThat(response.getBody()).isEqualTo(Map.of("error", "unknown workspace no-such-salon", "field", "workspace_id"));
    }

    @Test
    void anUnreadableDateIsABadRequestThatNamesTheField() {
        ResponseEntity<?> response = controller.appointments(DemoWorkspace.ID, "jueves", null, null);

        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(response.getBody()).isEqualTo(Map.of("error", "date must be a date as YYYY-MM-DD, not 'jueves'", "field", "date"));
    }

    @Test
    void whileTheStoresAreRebalancingTheAnswerIsServiceUnavailable() {
        notQueryable = new InvalidStateStoreException("the state store, calendar, may have migrated to another instance");

        ResponseEntity<?> response = controller.appointments(DemoWorkspace.ID, null, null, null);

        assertThat(response.getStatusCode().value()).isEqualTo(503);
        assertThat(response.getBody()).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsOnlyKeys("error");
    }

    @Test
    void beforeKafkaStreamsStartsTheAnswerIsServiceUnavailableToo() {
        notQueryable = new InvalidStateStoreException("Kafka Streams has not started");

        assertThat(controller.appointments(DemoWorkspace.ID, null, null, null).getStatusCode().value()).isEqualTo(503);
    }

    private void failIfNotQueryable() {
        if (notQueryable != null) {
            throw notQueryable;
        }
    }
}
