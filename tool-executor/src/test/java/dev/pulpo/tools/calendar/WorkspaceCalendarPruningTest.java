package dev.pulpo.tools.calendar;

import static dev.pulpo.tools.calendar.DemoSalon.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkspaceCalendarPruningTest {

    @Test
    void appointmentsThatEndedBeforeTheCutoffLeaveTheCalendarAndLaterOnesStay() {
        WorkspaceCalendar cal = booked(emptyCalendar(), "call-1", ANA, "corte", THURSDAY, "10:00").calendar();
        cal = booked(cal, "call-2", BETO, "corte", FRIDAY, "10:00").calendar();

        // Thursday's corte ends at 10:45; Friday's has not ended by Friday 10:00
        WorkspaceCalendar pruned = cal.withoutEndedBefore(FRIDAY.atTime(10, 0));

        assertThat(pruned.appointments()).extracting(Appointment::conversationId).containsExactly(BETO);
    }

    @Test
    void anAppointmentEndingExactlyAtTheCutoffStays() {
        WorkspaceCalendar cal = booked(emptyCalendar(), "call-1", ANA, "corte", THURSDAY, "10:00").calendar();

        assertThat(cal.withoutEndedBefore(THURSDAY.atTime(10, 45)).appointments()).hasSize(1);
    }
}
