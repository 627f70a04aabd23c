package dev.pulpo.tools.api;

import dev.pulpo.schemas.event.ConversationId;
import dev.pulpo.schemas.event.Workspace;
import dev.pulpo.tools.calendar.Appointment;
import dev.pulpo.tools.calendar.WorkspaceCalendar;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /workspaces/{id}/appointments[?date=YYYY-MM-DD]}: a workspace's booked appointments in start order,
 * read from the {@code calendar} store (see {@link KafkaStreamsCalendarQueries} for where that store lives).
 * Customers are shown masked, as logs show them. {@link AppointmentsAccess} lets in the operator and the
 * workspace's own key only.
 */
@RestController
class AppointmentsController {
    private final CalendarQueries queries;

    AppointmentsController(CalendarQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/workspaces/{workspaceId}/appointments")
    ResponseEntity<?> appointments(@PathVariable String workspaceId, @RequestParam(required = false) String date) {
        LocalDate day;
        try {
            day = date == null ? null : LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            return error(HttpStatus.BAD_REQUEST, "date must be a date as YYYY-MM-DD, not '" + date + "'", "date");
        }
        Optional<Workspace> workspace;
        Optional<WorkspaceCalendar> calendar;
        try {
            workspace = queries.workspace(workspaceId);
            calendar = queries.calendar(workspaceId);
        } catch (InvalidStateStoreException e) {
            // Starting, rebalancing or restoring: the store will be back; the caller may retry.
            return error(HttpStatus.SERVICE_UNAVAILABLE, "the calendar is not queryable right now, retry shortly: "
                    + e.getMessage(), null);
        }
        if (workspace.isEmpty()) {
            return error(HttpStatus.NOT_FOUND, "unknown workspace " + workspaceId, "workspace_id");
        }
        List<AppointmentView> booked = calendar.map(WorkspaceCalendar::appointments).orElse(List.of()).stream()
                .filter(Appointment::holdsChair)
                .filter(a -> day == null || a.start().toLocalDate().equals(day))
                .map(AppointmentView::of)
                .toList();
        return ResponseEntity.ok(new Appointments(workspaceId, date, booked));
    }

    private static ResponseEntity<Map<String, String>> error(HttpStatus status, String error, String field) {
        return ResponseEntity.status(status).body(field == null ? Map.of("error", error) : Map.of("error", error, "field", field));
    }

    /** @param date the day asked for; absent for every day */
    record Appointments(String workspaceId, String date, List<AppointmentView> appointments) {
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
