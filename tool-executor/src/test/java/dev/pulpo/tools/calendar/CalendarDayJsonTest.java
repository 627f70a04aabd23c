package dev.pulpo.tools.calendar;

import static dev.pulpo.tools.calendar.DemoSalon.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.serde.EventMapper;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The calendar store's values as JSON: a day, and the whole calendar a workspace had before issue 12. */
class CalendarDayJsonTest {
    private final JsonMapper json = EventMapper.create();

    @Test
    void aDaySurvivesTheJsonRoundTripOfTheStore() {
        Arranged ana = booked(emptyCalendar(), "call-1", ANA, "corte", THURSDAY, "10:00");
        Arranged beto = booked(ana.calendar(), "call-2", BETO, "alisado", THURSDAY, "14:00");
        Cancelled cancelled = (Cancelled) CALENDAR.cancel(WS, beto.calendar(), "call-3", BETO,
                Optional.of(beto.appointment().bookingId()), WEDNESDAY_10AM);
        CalendarDay day = CalendarDay.empty(DemoWorkspace.ID, THURSDAY).with(ana.appointment()).with(cancelled.appointment());

        byte[] bytes = json.writeValueAsBytes(day);

        assertThat(json.readValue(bytes, CalendarDay.class)).isEqualTo(day);
    }

    @Test
    void theStoredJsonIsSnakeCaseWithTheDateAndWallClockTimesAndTheTurnsOffset() {
        Arranged ana = booked(emptyCalendar(), "call-1", ANA, "corte", THURSDAY, "10:00");
        CalendarDay day = CalendarDay.empty(DemoWorkspace.ID, THURSDAY).with(ana.appointment());

        JsonNode tree = json.readTree(json.writeValueAsString(day));

        assertThat(tree.propertyNames()).containsExactlyInAnyOrder("workspace_id", "date", "appointments");
        assertThat(tree.get("date").asString()).isEqualTo("2025-01-16");
        JsonNode a = tree.get("appointments").get(0);
        assertThat(a.propertyNames()).containsExactlyInAnyOrder("booking_id", "workspace_id", "conversation_id",
                "service_id", "service_name", "start", "end", "status", "created_at", "last_call_id");
        assertThat(a.get("start").asString()).isEqualTo("2025-01-16T10:00:00");
        assertThat(a.get("end").asString()).isEqualTo("2025-01-16T10:45:00");
        assertThat(a.get("status").asString()).isEqualTo("booked");
        assertThat(a.get("created_at").asString()).isEqualTo("2025-01-15T10:00:00-03:00");
    }

    @Test
    void aWholeCalendarStoredBeforeIssue12ReadsAsAValueWithoutADateToMigrate() {
        WorkspaceCalendar cal = booked(emptyCalendar(), "call-1", ANA, "corte", THURSDAY, "10:00").calendar();
        cal = booked(cal, "call-2", BETO, "corte", FRIDAY, "10:00").calendar();

        // The old store's value was the whole calendar: {"workspace_id": ..., "appointments": [...]}
        CalendarDay read = json.readValue(json.writeValueAsBytes(cal), CalendarDay.class);

        assertThat(read.isWholeCalendar()).isTrue();
        assertThat(read.appointments()).containsExactlyElementsOf(cal.appointments());
    }
}
