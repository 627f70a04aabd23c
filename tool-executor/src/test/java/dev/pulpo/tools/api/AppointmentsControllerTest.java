package dev.pulpo.tools.api;

import static dev.pulpo.tools.TestCalls.TURN_TIME;
import static dev.pulpo.tools.TestCalls.customer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.event.Workspace;
import dev.pulpo.tools.calendar.Booked;
import dev.pulpo.tools.calendar.CalendarService;
import dev.pulpo.tools.calendar.Cancelled;
import dev.pulpo.tools.calendar.WorkspaceCalendar;
import dev.pulpo.tools.api.AppointmentsController.AppointmentView;
import dev.pulpo.tools.api.AppointmentsController.Appointments;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

/** The endpoint's answers, with the Kafka Streams stores stood in for by maps. */
class AppointmentsControllerTest {
    private static final Workspace DEMO = DemoWorkspace.load();
    private static final LocalDate THURSDAY = LocalDate.of(2025, 1, 16);
    private static final LocalDate FRIDAY = LocalDate.of(2025, 1, 17);

    private final Map<String, Workspace> workspaces = new HashMap<>(Map.of(DemoWorkspace.ID, DEMO));
    private final Map<String, WorkspaceCalendar> calendars = new HashMap<>();
    private InvalidStateStoreException notQueryable;
    private final AppointmentsController controller = new AppointmentsController(new CalendarQueries() {
        @Override
        public Optional<Workspace> workspace(String workspaceId) {
            return lookUp(workspaces, workspaceId);
        }

        @Override
        public Optional<WorkspaceCalendar> calendar(String workspaceId) {
            return lookUp(calendars, workspaceId);
        }
    });

    @Test
    void listsTheBookedAppointmentsOfTheDayInStartOrderWithTheCustomerMasked() {
        CalendarService calendar = new CalendarService();
        WorkspaceCalendar cal = WorkspaceCalendar.empty(DemoWorkspace.ID);
        cal = ((Booked) calendar.book(DEMO, cal, "c1", customer(1), "corte", THURSDAY, LocalTime.of(11, 0), TURN_TIME)).calendar();
        cal = ((Booked) calendar.book(DEMO, cal, "c2", customer(2), "brushing", THURSDAY, LocalTime.of(9, 0), TURN_TIME)).calendar();
        cal = ((Booked) calendar.book(DEMO, cal, "c3", customer(3), "corte", FRIDAY, LocalTime.of(9, 0), TURN_TIME)).calendar();
        Booked cancelledLater = (Booked) calendar.book(DEMO, cal, "c4", customer(4), "corte", THURSDAY, LocalTime.of(15, 0), TURN_TIME);
        cal = ((Cancelled) calendar.cancel(DEMO, cancelledLater.calendar(), "c5", customer(4),
                Optional.of(cancelledLater.appointment().bookingId()), TURN_TIME)).calendar();
        calendars.put(DemoWorkspace.ID, cal);

        ResponseEntity<?> response = controller.appointments(DemoWorkspace.ID, "2025-01-16");

        assertThat(response.getStatusCode().value()).isEqualTo(200);
        Appointments body = (Appointments) response.getBody();
        assertThat(body.appointments()).extracting(AppointmentView::time, AppointmentView::service)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("09:00", "Brushing"),
                        org.assertj.core.groups.Tuple.tuple("11:00", "Corte de Cabello"));
        assertThat(body.appointments().getFirst().customer()).isEqualTo(DemoWorkspace.ID + ":+54***0002");
        assertThat(body.appointments().getFirst().endTime()).isEqualTo("09:30");
        assertThat(controller.appointments(DemoWorkspace.ID, null).getBody())
                .extracting(b -> ((Appointments) b).appointments().size()).isEqualTo(3);
    }

    @Test
    void aKnownWorkspaceWithoutBookingsHasAnEmptyList() {
        ResponseEntity<?> response = controller.appointments(DemoWorkspace.ID, null);

        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(((Appointments) response.getBody()).appointments()).isEmpty();
    }

    @Test
    void anUnknownWorkspaceIsNotFound() {
        ResponseEntity<?> response = controller.appointments("no-such-salon", null);

        assertThat(response.getStatusCode().value()).isEqualTo(404);
        assertThat(response.getBody()).isEqualTo(Map.of("error", "unknown workspace no-such-salon", "field", "workspace_id"));
    }

    @Test
    void anUnreadableDateIsABadRequestThatNamesTheField() {
        ResponseEntity<?> response = controller.appointments(DemoWorkspace.ID, "jueves");

        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(response.getBody()).isEqualTo(Map.of("error", "date must be a date as YYYY-MM-DD, not 'jueves'", "field", "date"));
    }

    @Test
    void whileTheStoresAreRebalancingTheAnswerIsServiceUnavailable() {
        notQueryable = new InvalidStateStoreException("the state store, calendar, may have migrated to another instance");

        ResponseEntity<?> response = controller.appointments(DemoWorkspace.ID, null);

        assertThat(response.getStatusCode().value()).isEqualTo(503);
        assertThat(response.getBody()).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsOnlyKeys("error");
    }

    @Test
    void beforeKafkaStreamsStartsTheAnswerIsServiceUnavailableToo() {
        notQueryable = new InvalidStateStoreException("Kafka Streams has not started");

        assertThat(controller.appointments(DemoWorkspace.ID, null).getStatusCode().value()).isEqualTo(503);
    }

    private <V> Optional<V> lookUp(Map<String, V> store, String key) {
        if (notQueryable != null) {
            throw notQueryable;
        }
        return Optional.ofNullable(store.get(key));
    }
}
