package dev.pulpo.tools.api;

import dev.pulpo.schemas.event.ConversationId;
import dev.pulpo.schemas.event.Workspace;
import dev.pulpo.tools.calendar.Appointment;
import dev.pulpo.tools.calendar.CalendarDay;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /workspaces/{id}/appointments?date=YYYY-MM-DD}: a workspace's booked appointments of one day, in start
 * order; {@code GET /workspaces/{id}/appointments[?from=YYYY-MM-DD][&days=N]}: those of a window of days, from today in
 * the workspace's zone, {@value #DEFAULT_DAYS} days, at most {@value #MAX_DAYS}: the next window starts the day after
 * {@code to}. Read from the {@code calendar} store (see {@link KafkaStreamsCalendarQueries} for where that store lives),
 * a value per day, so an answer never reads more than its window. Customers are shown masked, as logs show them.
 * {@link AppointmentsAccess} lets in the operator and the workspace's own key only.
 */
@RestController
class AppointmentsController {
    static final int DEFAULT_DAYS = 7;
    static final int MAX_DAYS = 31;

    private final CalendarQueries queries;
    private final Clock clock;

    @Autowired
    AppointmentsController(CalendarQueries queries) {
        this(queries, Clock.systemUTC());
    }

    AppointmentsController(CalendarQueries queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    @GetMapping("/workspaces/{workspaceId}/appointments")
    ResponseEntity<?> appointments(@PathVariable String workspaceId, @RequestParam(required = false) String date,
                                   @RequestParam(required = false) String from,
                                   @RequestParam(required = false) String days) {
        if (date != null && (from != null || days != null)) {
            return error(HttpStatus.BAD_REQUEST, "ask for one date, or a window with from and days, not both", "date");
        }
        Optional<LocalDate> day;
        Optional<LocalDate> start;
        try {
            day = parse(date);
            start = parse(from);
        } catch (DateTimeParseException e) {
            String field = date != null ? "date" : "from";
            return error(HttpStatus.BAD_REQUEST, field + " must be a date as YYYY-MM-DD, not '"
                    + (date != null ? date : from) + "'", field);
        }
        int window;
        try {
            window = days == null ? DEFAULT_DAYS : Integer.parseInt(days);
        } catch (NumberFormatException e) {
            window = 0;
        }
        if (window < 1 || window > MAX_DAYS) {
            return error(HttpStatus.BAD_REQUEST, "days must be a whole number from 1 to " + MAX_DAYS + ", not '" + days
                    + "'", "days");
        }
        Optional<Workspace> workspace;
        try {
            workspace = queries.workspace(workspaceId);
            if (workspace.isEmpty()) {
                return error(HttpStatus.NOT_FOUND, "unknown workspace " + workspaceId, "workspace_id");
            }
            LocalDate first = day.or(() -> start).orElseGet(() -> LocalDate.now(clock.withZone(workspace.get().zone())));
            LocalDate last = day.isPresent() ? first : first.plusDays(window - 1L);
            List<AppointmentView> booked = queries.days(workspaceId, first, last).stream()
                    .map(CalendarDay::appointments)
                    .flatMap(List::stream)
                    .filter(Appointment::holdsChair)
                    .map(AppointmentView::of)
                    .toList();
            return ResponseEntity.ok(day.isPresent() ? new Appointments(workspaceId, date, null, null, booked)
                    : new Appointments(workspaceId, null, first.toString(), last.toString(), booked));
        } catch (InvalidStateStoreException e) {
            // Starting, rebalancing or restoring: the store will be back; the caller may retry.
            return error(HttpStatus.SERVICE_UNAVAILABLE, "the calendar is not queryable right now, retry shortly: "
                    + e.getMessage(), null);
        }
    }

    private static Optional<LocalDate> parse(String date) {
        return date == null ? Optional.empty() : Optional.of(LocalDate.parse(date));
    }

    private static ResponseEntity<Map<String, String>> error(HttpStatus status, String error, String field) {
        return ResponseEntity.status(status).body(field == null ? Map.of("error", error) : Map.of("error", error, "field", field));
    }

    /**
     * @param date the day asked for; absent when a window was asked
     * @param from the window's first day; absent when one date was asked
     * @param to   the window's last day, included; the next window starts the day after
     */
    record Appointments(String workspaceId, String date, String from, String to, List<AppointmentView> appointments) {
    }

    /** One appointment as the salon reads it: wall-clock date and times in the workspace's zone. */
    record AppointmentView(String bookingId, String serviceId, String service, String date, String time,
                           String endTime, String status, String customer) {
        private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

        static AppointmentView of(Appointment a) {
            return new AppointmentView(a.bookingId(), a.serviceId(), a.serviceName(), a.start().toLocalDate().toString(),
                    HH_MM.format(a.start()), HH_MM.format(a.end()), a.status().code(),
                    ConversationId.masked(a.conversationId()));
        }
    }
}
