package dev.pulpo.tools.calendar;

import static dev.pulpo.tools.calendar.DemoSalon.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pulpo.schemas.serde.EventMapper;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class WorkspaceCalendarJsonTest {
    private final JsonMapper json = EventMapper.create();

    @Test
    void aCalendarSurvivesTheJsonRoundTripOfTheStore() {
        WorkspaceCalendar cal = booked(emptyCalendar(), "call-1", ANA, "corte", THURSDAY, "10:00").calendar();
        Booked beto = booked(cal, "call-2", BETO, "alisado", FRIDAY, "14:00");
        WorkspaceCalendar withCancelled = ((Cancelled) CALENDAR.cancel(WS, beto.calendar(), "call-3", BETO,
                Optional.of(beto.appointment().bookingId()), WEDNESDAY_10AM)).calendar();

        byte[] bytes = json.writeValueAsBytes(withCancelled);

        assertThat(json.readValue(bytes, WorkspaceCalendar.class)).isEqualTo(withCancelled);
    }

    @Test
    void theStoredJsonIsSnakeCaseWithWallClockTimesAndTheTurnsOffset() {
        WorkspaceCalendar cal = booked(emptyCalendar(), "call-1", ANA, "corte", THURSDAY, "10:00").calendar();

        JsonNode tree = json.readTree(json.writeValueAsString(cal));

        assertThat(tree.get("workspace_id").asString()).isEqualTo(cal.workspaceId());
        JsonNode a = tree.get("appointments").get(0);
        assertThat(a.propertyNames()).containsExactlyInAnyOrder("booking_id", "workspace_id", "conversation_id",
                "service_id", "service_name", "start", "end", "status", "created_at", "last_call_id");
        assertThat(a.get("start").asString()).isEqualTo("2025-01-16T10:00:00");
        assertThat(a.get("end").asString()).isEqualTo("2025-01-16T10:45:00");
        assertThat(a.get("status").asString()).isEqualTo("booked");
        assertThat(a.get("created_at").asString()).isEqualTo("2025-01-15T10:00:00-03:00");
    }

    @Test
    void anEmptyCalendarRoundTrips() {
        WorkspaceCalendar empty = emptyCalendar();

        assertThat(json.readValue(json.writeValueAsString(empty), WorkspaceCalendar.class)).isEqualTo(empty);
    }
}
