package dev.pulpo.tools.calendar;

import static dev.pulpo.tools.calendar.DemoSalon.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CancelTest {

    @Test
    void aCustomerCancelsTheirOwnBookingById() {
        Arranged ana = booked(emptyCalendar(), "call-1", ANA, "corte", THURSDAY, "10:00");

        CancelOutcome outcome = CALENDAR.cancel(WS, ana.calendar(), "call-2", ANA, Optional.of(ana.appointment().bookingId()), WEDNESDAY_10AM);

        Cancelled cancelled = (Cancelled) outcome;
        assertThat(cancelled.appointment().status()).isEqualTo(AppointmentStatus.CANCELLED);
        assertThat(cancelled.appointment().bookingId()).isEqualTo(ana.appointment().bookingId());
        assertThat(cancelled.toResult())
                .containsEntry("status", "cancelled")
                .containsEntry("booking_id", ana.appointment().bookingId())
                .containsEntry("date", "2025-01-16")
                .containsEntry("time", "10:00")
                .containsEntry("service", "Corte de Cabello");
    }

    @Test
    void cancellingAnotherCustomersBookingIsRefused() {
        Arranged ana = booked(emptyCalendar(), "call-1", ANA, "corte", THURSDAY, "10:00");

        CancelOutcome outcome = CALENDAR.cancel(WS, ana.calendar(), "call-2", BETO, Optional.of(ana.appointment().bookingId()), WEDNESDAY_10AM);

        assertThat(outcome).isEqualTo(new Rejected(Reason.NOT_YOUR_BOOKING));
        assertThat(outcome.toResult()).isEqualTo(Map.of("status", "rejected", "reason", "not_your_booking"));
    }

    @Test
    void withoutAnIdTheCustomersNextUpcomingBookingIsCancelledAndNoOneElses() {
        WorkspaceCalendar cal = booked(emptyCalendar(), "call-1", ANA, "corte", FRIDAY, "10:00").calendar();
        Arranged anaThursday = booked(cal, "call-2", ANA, "brushing", THURSDAY, "15:00");
        Arranged betoSooner = booked(anaThursday.calendar(), "call-3", BETO, "corte", THURSDAY, "11:00");

        Cancelled cancelled = (Cancelled) CALENDAR.cancel(WS, betoSooner.calendar(), "call-4", ANA, Optional.empty(), WEDNESDAY_10AM);

        assertThat(cancelled.appointment().bookingId()).isEqualTo(anaThursday.appointment().bookingId());
        assertThat(stored(betoSooner.calendar(), cancelled).appointments()).filteredOn(Appointment::holdsChair).hasSize(2);
    }

    @Test
    void withNothingToCancelTheAnswerIsNotFound() {
        Arranged beto = booked(emptyCalendar(), "call-1", BETO, "corte", THURSDAY, "10:00");

        assertThat(CALENDAR.cancel(WS, beto.calendar(), "call-2", ANA, Optional.empty(), WEDNESDAY_10AM))
                .isEqualTo(new NotFound(Reason.NO_UPCOMING_BOOKING));
        assertThat(CALENDAR.cancel(WS, beto.calendar(), "call-3", ANA, Optional.of("no-such-booking"), WEDNESDAY_10AM).toResult())
                .isEqualTo(Map.of("status", "not_found", "reason", "unknown_booking"));
    }

    @Test
    void aRetriedCancelWithoutAnIdDoesNotCancelASecondBooking() {
        WorkspaceCalendar cal = booked(emptyCalendar(), "call-1", ANA, "corte", THURSDAY, "10:00").calendar();
        cal = booked(cal, "call-2", ANA, "corte", FRIDAY, "10:00").calendar();
        Cancelled first = (Cancelled) CALENDAR.cancel(WS, cal, "call-3", ANA, Optional.empty(), WEDNESDAY_10AM);

        WorkspaceCalendar afterFirst = stored(cal, first);
        CancelOutcome retry = CALENDAR.cancel(WS, afterFirst, "call-3", ANA, Optional.empty(), WEDNESDAY_10AM);

        assertThat(retry).isEqualTo(new Cancelled(first.appointment(), false));
        assertThat(retry.toResult()).isEqualTo(first.toResult());
        assertThat(afterFirst.appointments()).filteredOn(Appointment::holdsChair)
                .extracting(a -> a.start().toLocalDate()).containsExactly(FRIDAY);
    }

    @Test
    void cancellingAnAlreadyCancelledBookingChangesNothingAndSaysSo() {
        Arranged ana = booked(emptyCalendar(), "call-1", ANA, "corte", THURSDAY, "10:00");
        String id = ana.appointment().bookingId();
        Cancelled first = (Cancelled) CALENDAR.cancel(WS, ana.calendar(), "call-2", ANA, Optional.of(id), WEDNESDAY_10AM);

        CancelOutcome again = CALENDAR.cancel(WS, stored(ana.calendar(), first), "call-3", ANA, Optional.of(id), WEDNESDAY_10AM);

        assertThat(again).isEqualTo(new Cancelled(first.appointment(), true));
        assertThat(again.toResult()).containsEntry("already_cancelled", true);
    }

    @Test
    void anAppointmentThatHasBegunCannotBeCancelled() {
        Arranged ana = booked(emptyCalendar(), "call-1", ANA, "corte", THURSDAY, "10:00");
        OffsetDateTime duringIt = OffsetDateTime.parse("2025-01-16T10:10:00-03:00");

        assertThat(CALENDAR.cancel(WS, ana.calendar(), "call-2", ANA, Optional.of(ana.appointment().bookingId()), duringIt))
                .isEqualTo(new Rejected(Reason.ALREADY_STARTED));
        assertThat(CALENDAR.cancel(WS, ana.calendar(), "call-3", ANA, Optional.empty(), duringIt))
                .as("a begun appointment is not upcoming").isEqualTo(new NotFound(Reason.NO_UPCOMING_BOOKING));
    }
}
