package dev.pulpo.tools.calendar;

import static dev.pulpo.tools.calendar.DemoSalon.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.pulpo.schemas.DemoWorkspace;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CalendarDayTest {

    @Test
    void aDayHoldsOnlyAppointmentsStartingThatDay() {
        Appointment friday = booked(emptyCalendar(), "call-1", ANA, "corte", FRIDAY, "10:00").appointment();

        assertThatIllegalArgumentException().isThrownBy(() -> CalendarDay.empty(DemoWorkspace.ID, THURSDAY).with(friday));
    }

    @Test
    void pastTheCapOnlyTheMostRecentlyBookedCancelledAppointmentsStayAndTheJustChangedOneAlways() {
        // Five cancelled cortes booked a minute apart, and one still booked
        CalendarDay day = CalendarDay.empty(DemoWorkspace.ID, THURSDAY);
        List<Appointment> cancelled = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Appointment a = appointment("b" + i, ANA, "10:00", WEDNESDAY_10AM.plusMinutes(i)).cancelledBy("cancel-" + i);
            cancelled.add(a);
            day = day.with(a);
        }
        Appointment booked = appointment("kept", BETO, "11:00", WEDNESDAY_10AM);
        day = day.with(booked);

        assertThat(day.cancelledBeyond(5, "b4")).isEmpty();
        assertThat(day.cancelledBeyond(3, "b4")).as("newest booked first: b4, b3, b2 stay")
                .containsExactly(cancelled.get(1), cancelled.get(0));
        assertThat(day.cancelledBeyond(2, "b0")).as("the one just cancelled stays, whatever its age")
                .containsExactly(cancelled.get(3), cancelled.get(2), cancelled.get(1));
        assertThat(day.cancelledBeyond(0, "kept")).as("at least one is kept").hasSize(4)
                .doesNotContain(cancelled.get(4), booked);
    }

    private static Appointment appointment(String id, String customer, String time, java.time.OffsetDateTime createdAt) {
        LocalDateTime start = THURSDAY.atTime(t(time));
        return new Appointment(id, DemoWorkspace.ID, customer, "corte", "Corte de Cabello", start,
                start.plus(Duration.ofMinutes(45)), AppointmentStatus.BOOKED, createdAt, "book-" + id);
    }
}
