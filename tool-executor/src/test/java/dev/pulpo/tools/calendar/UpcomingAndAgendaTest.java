package dev.pulpo.tools.calendar;

import static dev.pulpo.tools.calendar.DemoSalon.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UpcomingAndAgendaTest {

    @Test
    void aCustomerSeesOnlyTheirOwnBookedAppointmentsThatHaveNotBegunSoonestFirst() {
        Arranged friday = booked(emptyCalendar(), "call-1", ANA, "corte", FRIDAY, "10:00");
        Arranged thursday = booked(friday.calendar(), "call-2", ANA, "brushing", THURSDAY, "15:00");
        Arranged cancelledLater = booked(thursday.calendar(), "call-3", ANA, "manicura", SATURDAY, "10:00");
        WorkspaceCalendar cal = stored(cancelledLater.calendar(), CALENDAR.cancel(WS, cancelledLater.calendar(), "call-4", ANA,
                Optional.of(cancelledLater.appointment().bookingId()), WEDNESDAY_10AM));
        cal = booked(cal, "call-5", BETO, "corte", THURSDAY, "11:00").calendar();

        assertThat(CALENDAR.upcoming(WS, cal, ANA, WEDNESDAY_10AM).appointments())
                .containsExactly(thursday.appointment(), friday.appointment());
        assertThat(CALENDAR.upcoming(WS, cal, ANA, OffsetDateTime.parse("2025-01-16T15:00:00-03:00")).appointments())
                .as("the 15:00 brushing has begun").containsExactly(friday.appointment());
    }

    @Test
    void theUpcomingResultListsEachAppointmentWithItsKeys() {
        Arranged ana = booked(emptyCalendar(), "call-1", ANA, "corte", THURSDAY, "10:00");

        assertThat(CALENDAR.upcoming(WS, ana.calendar(), ANA, WEDNESDAY_10AM).toResult()).isEqualTo(Map.of(
                "status", "ok",
                "appointments", List.of(Map.of(
                        "status", "booked",
                        "booking_id", ana.appointment().bookingId(),
                        "service", "Corte de Cabello",
                        "date", "2025-01-16",
                        "time", "10:00",
                        "end_time", "10:45"))));
    }

    @Test
    void theAgendaOfADayListsEveryCustomersBookedAppointmentsInStartOrder() {
        Arranged late = booked(emptyCalendar(), "call-1", ANA, "corte", THURSDAY, "15:00");
        Arranged early = booked(late.calendar(), "call-2", BETO, "corte", THURSDAY, "09:00");
        Arranged otherDay = booked(early.calendar(), "call-3", CARLA, "corte", FRIDAY, "09:00");

        assertThat(CALENDAR.agenda(otherDay.calendar(), THURSDAY).appointments())
                .containsExactly(early.appointment(), late.appointment());
    }
}
