package dev.pulpo.tools.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.event.ConversationId;
import dev.pulpo.schemas.event.Workspace;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The demo salon of the golden conversations (Mon–Fri 09–13 and 14–19, Sat 09–14, 15-minute grid, 60-minute lead,
 * 60-day horizon, 2 chairs, Buenos Aires), its customers, and the fixed clocks of the tests.
 */
final class DemoSalon {
    static final Workspace WS = DemoWorkspace.load();
    static final String ANA = ConversationId.of(DemoWorkspace.ID, "+5491155550001");
    static final String BETO = ConversationId.of(DemoWorkspace.ID, "+5491155550002");
    static final String CARLA = ConversationId.of(DemoWorkspace.ID, "+5491155550003");

    /** Wednesday 2025-01-15, 10:00 in Buenos Aires. */
    static final OffsetDateTime WEDNESDAY_10AM = OffsetDateTime.parse("2025-01-15T10:00:00-03:00");
    static final LocalDate WEDNESDAY = LocalDate.of(2025, 1, 15);
    static final LocalDate THURSDAY = LocalDate.of(2025, 1, 16);
    static final LocalDate FRIDAY = LocalDate.of(2025, 1, 17);
    static final LocalDate SATURDAY = LocalDate.of(2025, 1, 18);
    static final LocalDate SUNDAY = LocalDate.of(2025, 1, 19);
    static final LocalDate MONDAY = LocalDate.of(2025, 1, 20);

    static final CalendarService CALENDAR = new CalendarService();

    private DemoSalon() {
    }

    static WorkspaceCalendar emptyCalendar() {
        return WorkspaceCalendar.empty(DemoWorkspace.ID);
    }

    static LocalTime t(String hhmm) {
        return LocalTime.parse(hhmm);
    }

    /** Every grid start from {@code first} to {@code last}, both included. */
    static List<LocalTime> every15(String first, String last) {
        List<LocalTime> times = new ArrayList<>();
        for (LocalTime s = t(first); !s.isAfter(t(last)); s = s.plusMinutes(15)) {
            times.add(s);
        }
        return times;
    }

    /** A booking a test arranged: the calendar once it is stored, and the appointment. */
    record Arranged(WorkspaceCalendar calendar, Appointment appointment) {
        Map<String, Object> toResult() {
            return new Booked(appointment).toResult();
        }
    }

    /** Books as of Wednesday 10:00 and insists it worked: the arrange step of a test. */
    static Arranged booked(WorkspaceCalendar cal, String callId, String customer, String service, LocalDate date, String time) {
        BookingOutcome outcome = CALENDAR.book(WS, cal, callId, customer, service, date, t(time), WEDNESDAY_10AM);
        assertThat(outcome).as("arranging %s %s %s", service, date, time).isInstanceOf(Booked.class);
        Appointment appointment = ((Booked) outcome).appointment();
        return new Arranged(cal.with(appointment), appointment);
    }

    /** The calendar once the outcome's change is stored, as tool-executor stores it. */
    static WorkspaceCalendar stored(WorkspaceCalendar cal, ToolOutcome outcome) {
        return switch (outcome) {
            case Booked b -> cal.with(b.appointment());
            case Cancelled c -> cal.with(c.appointment());
            case Rescheduled r -> cal.with(r.appointment());
            default -> cal;
        };
    }

    static DayAvailability day(WorkspaceCalendar cal, String service, LocalDate date, OffsetDateTime now) {
        AvailabilityOutcome outcome = CALENDAR.availability(WS, cal, service, date, Optional.empty(), now);
        assertThat(outcome).isInstanceOf(DayAvailability.class);
        return (DayAvailability) outcome;
    }

    static DayAvailability dayAt(WorkspaceCalendar cal, String service, LocalDate date, String time, OffsetDateTime now) {
        AvailabilityOutcome outcome = CALENDAR.availability(WS, cal, service, date, Optional.of(t(time)), now);
        assertThat(outcome).isInstanceOf(DayAvailability.class);
        return (DayAvailability) outcome;
    }
}
