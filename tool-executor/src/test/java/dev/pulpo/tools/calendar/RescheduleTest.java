package dev.pulpo.tools.calendar;

import static dev.pulpo.tools.calendar.DemoSalon.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RescheduleTest {

    @Test
    void aBookingMovesIntoASlotThatOnlyItsOwnCurrentSlotWouldBlock() {
        Arranged ana = booked(emptyCalendar(), "call-1", ANA, "corte", THURSDAY, "10:00");
        Arranged beto = booked(ana.calendar(), "call-2", BETO, "corte", THURSDAY, "10:00");

        RescheduleOutcome outcome = CALENDAR.reschedule(WS, beto.calendar(), "call-3", ANA,
                Optional.of(ana.appointment().bookingId()), THURSDAY, t("10:15"), WEDNESDAY_10AM);

        Rescheduled moved = (Rescheduled) outcome;
        assertThat(moved.appointment().bookingId()).isEqualTo(ana.appointment().bookingId());
        assertThat(moved.appointment().start()).isEqualTo(LocalDateTime.parse("2025-01-16T10:15"));
        assertThat(moved.appointment().end()).isEqualTo(LocalDateTime.parse("2025-01-16T11:00"));
        assertThat(stored(beto.calendar(), moved).appointments()).hasSize(2).contains(moved.appointment(), beto.appointment());
        assertThat(moved.toResult())
                .containsEntry("status", "rescheduled")
                .containsEntry("booking_id", ana.appointment().bookingId())
                .containsEntry("date", "2025-01-16")
                .containsEntry("time", "10:15")
                .containsEntry("previous_date", "2025-01-16")
                .containsEntry("previous_time", "10:00");
    }

    @Test
    void aBookingMovesToAnotherDayKeepingItsIdAndLeavesItsChairFree() {
        Arranged ana = booked(emptyCalendar(), "call-1", ANA, "corte", THURSDAY, "10:00");
        Arranged beto = booked(ana.calendar(), "call-2", BETO, "corte", THURSDAY, "10:00");

        Rescheduled moved = (Rescheduled) CALENDAR.reschedule(WS, beto.calendar(), "call-3", ANA, Optional.empty(),
                SATURDAY, t("11:00"), WEDNESDAY_10AM);

        assertThat(moved.appointment().bookingId()).isEqualTo(ana.appointment().bookingId());
        assertThat(moved.appointment().start()).isEqualTo(LocalDateTime.parse("2025-01-18T11:00"));
        assertThat(moved.toResult()).containsEntry("date", "2025-01-18").containsEntry("previous_date", "2025-01-16");
        assertThat(CALENDAR.book(WS, stored(beto.calendar(), moved), "call-4", CARLA, "corte", THURSDAY, t("10:00"),
                WEDNESDAY_10AM)).as("Thursday's chair is free again").isInstanceOf(Booked.class);
    }

    @Test
    void movingIntoAFullSlotOffersTheNearestFreeStartsCountingTheBookingsOwnSlotAsFree() {
        Arranged ana = booked(emptyCalendar(), "call-1", ANA, "corte", THURSDAY, "09:00");
        WorkspaceCalendar cal = booked(ana.calendar(), "call-2", BETO, "corte", THURSDAY, "11:00").calendar();
        cal = booked(cal, "call-3", CARLA, "corte", THURSDAY, "11:00").calendar();

        RescheduleOutcome outcome = CALENDAR.reschedule(WS, cal, "call-4", ANA, Optional.empty(), THURSDAY, t("11:00"), WEDNESDAY_10AM);

        SlotUnavailable refused = (SlotUnavailable) outcome;
        assertThat(refused.reason()).isEqualTo(Reason.TAKEN);
        assertThat(refused.nearest()).extracting(FreeSlot::time)
                .containsExactly(t("10:15"), t("11:45"), t("10:00"), t("12:00"), t("09:45"));
    }

    @Test
    void reschedulingAnotherCustomersBookingIsRefused() {
        Arranged ana = booked(emptyCalendar(), "call-1", ANA, "corte", THURSDAY, "10:00");

        assertThat(CALENDAR.reschedule(WS, ana.calendar(), "call-2", BETO, Optional.of(ana.appointment().bookingId()),
                FRIDAY, t("10:00"), WEDNESDAY_10AM)).isEqualTo(new Rejected(Reason.NOT_YOUR_BOOKING));
    }

    @Test
    void withoutAnyBookingThereIsNothingToReschedule() {
        assertThat(CALENDAR.reschedule(WS, emptyCalendar(), "call-1", ANA, Optional.empty(), FRIDAY, t("10:00"), WEDNESDAY_10AM))
                .isEqualTo(new NotFound(Reason.NO_UPCOMING_BOOKING));
    }

    @Test
    void aCancelledBookingCannotBeMoved() {
        Arranged ana = booked(emptyCalendar(), "call-1", ANA, "corte", THURSDAY, "10:00");
        String id = ana.appointment().bookingId();
        Cancelled cancelled = (Cancelled) CALENDAR.cancel(WS, ana.calendar(), "call-2", ANA, Optional.of(id), WEDNESDAY_10AM);

        assertThat(CALENDAR.reschedule(WS, stored(ana.calendar(), cancelled), "call-3", ANA, Optional.of(id), FRIDAY, t("10:00"), WEDNESDAY_10AM))
                .isEqualTo(new Rejected(Reason.BOOKING_CANCELLED));
    }

    @Test
    void aRetriedRescheduleWithoutAnIdDoesNotMoveASecondBooking() {
        WorkspaceCalendar cal = booked(emptyCalendar(), "call-1", ANA, "corte", THURSDAY, "10:00").calendar();
        cal = booked(cal, "call-2", ANA, "corte", FRIDAY, "10:00").calendar();
        Rescheduled first = (Rescheduled) CALENDAR.reschedule(WS, cal, "call-3", ANA, Optional.empty(), SATURDAY, t("10:00"), WEDNESDAY_10AM);

        WorkspaceCalendar afterFirst = stored(cal, first);
        RescheduleOutcome retry = CALENDAR.reschedule(WS, afterFirst, "call-3", ANA, Optional.empty(), SATURDAY, t("10:00"), WEDNESDAY_10AM);

        assertThat(retry).isEqualTo(new Rescheduled(first.appointment(), Optional.empty()));
        assertThat(afterFirst.appointments()).extracting(a -> a.start().toLocalDate()).containsExactly(FRIDAY, SATURDAY);
    }

    @Test
    void aMovedBookingKeepsTheLengthItWasBookedWith() {
        Arranged alisado = booked(emptyCalendar(), "call-1", ANA, "alisado", THURSDAY, "09:00");

        assertThat(CALENDAR.reschedule(WS, alisado.calendar(), "call-2", ANA, Optional.empty(), THURSDAY, t("16:15"), WEDNESDAY_10AM))
                .isInstanceOfSatisfying(SlotUnavailable.class, r -> assertThat(r.reason()).isEqualTo(Reason.OVERRUNS_CLOSING));
    }
}
