package dev.pulpo.tools.calendar;

import static dev.pulpo.tools.calendar.DemoSalon.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.pulpo.schemas.DemoWorkspace;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BookingTest {

    @Test
    void bookingAFreeStartReservesItInANewCalendarAndLeavesTheOldOneAlone() {
        WorkspaceCalendar before = emptyCalendar();

        Arranged booked = booked(before, "call-1", ANA, "Corte de Cabello", THURSDAY, "10:00");

        Appointment a = booked.appointment();
        assertThat(a.workspaceId()).isEqualTo(DemoWorkspace.ID);
        assertThat(a.conversationId()).isEqualTo(ANA);
        assertThat(a.serviceId()).isEqualTo("corte");
        assertThat(a.serviceName()).isEqualTo("Corte de Cabello");
        assertThat(a.start()).isEqualTo(LocalDateTime.parse("2025-01-16T10:00"));
        assertThat(a.end()).isEqualTo(LocalDateTime.parse("2025-01-16T10:45"));
        assertThat(a.status()).isEqualTo(AppointmentStatus.BOOKED);
        assertThat(a.createdAt()).isEqualTo(WEDNESDAY_10AM);
        assertThat(booked.calendar().appointments()).containsExactly(a);
        assertThat(before.appointments()).isEmpty();
    }

    @Test
    void theBookedResultCarriesTheBookingIdDateTimeAndService() {
        Arranged booked = booked(emptyCalendar(), "call-1", ANA, "corte", THURSDAY, "10:00");

        assertThat(booked.toResult()).containsExactly(
                Map.entry("status", "booked"),
                Map.entry("booking_id", booked.appointment().bookingId()),
                Map.entry("service", "Corte de Cabello"),
                Map.entry("date", "2025-01-16"),
                Map.entry("time", "10:00"),
                Map.entry("end_time", "10:45"));
    }

    @Test
    void aThirdCorteAtTenIsRefusedWhenBothChairsAreTakenAndTheNearestStartsAreOffered() {
        WorkspaceCalendar cal = booked(emptyCalendar(), "call-1", ANA, "corte", THURSDAY, "10:00").calendar();
        cal = booked(cal, "call-2", BETO, "corte", THURSDAY, "10:00").calendar();

        BookingOutcome third = CALENDAR.book(WS, cal, "call-3", CARLA, "corte", THURSDAY, t("10:00"), WEDNESDAY_10AM);

        assertThat(third).isInstanceOf(SlotUnavailable.class);
        SlotUnavailable refused = (SlotUnavailable) third;
        assertThat(refused.reason()).isEqualTo(Reason.TAKEN);
        // 09:30–10:30 would overlap the two cortes (10:00–10:45); 09:15 ends as they begin, 10:45 starts as they end.
        assertThat(refused.nearest()).containsExactly(
                new FreeSlot(THURSDAY, t("09:15")),
                new FreeSlot(THURSDAY, t("10:45")),
                new FreeSlot(THURSDAY, t("09:00")),
                new FreeSlot(THURSDAY, t("11:00")),
                new FreeSlot(THURSDAY, t("11:15")));
        assertThat(refused.toResult())
                .containsEntry("status", "unavailable")
                .containsEntry("reason", "taken")
                .containsEntry("date", "2025-01-16")
                .containsEntry("time", "10:00")
                .containsEntry("free_times", List.of("09:15", "10:45", "09:00", "11:00", "11:15"));
    }

    @Test
    void oneCorteAtTenStillLeavesAChairForACorteAtTenThirty() {
        WorkspaceCalendar cal = booked(emptyCalendar(), "call-1", ANA, "corte", THURSDAY, "10:00").calendar();

        assertThat(CALENDAR.book(WS, cal, "call-2", BETO, "corte", THURSDAY, t("10:30"), WEDNESDAY_10AM))
                .isInstanceOf(Booked.class);
    }

    @Test
    void twoCortesAtTenBlockACorteAtTenThirtyBecauseItOverlapsThemWithBothChairsBusy() {
        WorkspaceCalendar cal = booked(emptyCalendar(), "call-1", ANA, "corte", THURSDAY, "10:00").calendar();
        cal = booked(cal, "call-2", BETO, "corte", THURSDAY, "10:00").calendar();

        BookingOutcome outcome = CALENDAR.book(WS, cal, "call-3", CARLA, "corte", THURSDAY, t("10:30"), WEDNESDAY_10AM);

        assertThat(outcome).isInstanceOf(SlotUnavailable.class);
        assertThat(((SlotUnavailable) outcome).reason()).isEqualTo(Reason.TAKEN);
        assertThat(dayAt(cal, "brushing", THURSDAY, "10:45", WEDNESDAY_10AM).askedTimeFree())
                .as("a service starting as they end is free").isTrue();
    }

    @Test
    void twoBookingsThatFollowEachOtherTakeOnlyOneChairAtATime() {
        WorkspaceCalendar cal = booked(emptyCalendar(), "call-1", ANA, "brushing", THURSDAY, "10:00").calendar(); // 10:00–10:30
        cal = booked(cal, "call-2", BETO, "brushing", THURSDAY, "10:30").calendar();                            // 10:30–11:00

        Arranged corte = booked(cal, "call-3", CARLA, "corte", THURSDAY, "10:00"); // 10:00–10:45 touches both

        BookingOutcome fourth = CALENDAR.book(WS, corte.calendar(), "call-4", ANA, "manicura", THURSDAY, t("10:15"), WEDNESDAY_10AM);
        assertThat(fourth).isInstanceOf(SlotUnavailable.class);
    }

    @Test
    void aCancelledAppointmentFreesItsChair() {
        WorkspaceCalendar cal = booked(emptyCalendar(), "call-1", ANA, "corte", THURSDAY, "10:00").calendar();
        Arranged beto = booked(cal, "call-2", BETO, "corte", THURSDAY, "10:00");
        CancelOutcome cancelled = CALENDAR.cancel(WS, beto.calendar(), "call-3", BETO,
                Optional.of(beto.appointment().bookingId()), WEDNESDAY_10AM);
        assertThat(cancelled).isInstanceOf(Cancelled.class);

        BookingOutcome carla = CALENDAR.book(WS, stored(beto.calendar(), cancelled), "call-4", CARLA, "corte", THURSDAY, t("10:00"), WEDNESDAY_10AM);

        assertThat(carla).isInstanceOf(Booked.class);
    }

    @Test
    void retryingABookingWithTheSameCallIdReturnsTheSameBookingWithoutTakingAnotherChair() {
        Arranged first = booked(emptyCalendar(), "call-1", ANA, "corte", THURSDAY, "10:00");
        Arranged otherChair = booked(first.calendar(), "call-2", BETO, "corte", THURSDAY, "10:00");

        BookingOutcome retry = CALENDAR.book(WS, otherChair.calendar(), "call-1", ANA, "corte", THURSDAY, t("10:00"), WEDNESDAY_10AM);

        assertThat(retry).isEqualTo(new Booked(first.appointment()));
        assertThat(retry.toResult()).isEqualTo(first.toResult());
    }

    @Test
    void bookingIdsAreStableForACallAndDistinctAcrossCalls() {
        String once = booked(emptyCalendar(), "call-1", ANA, "corte", THURSDAY, "10:00").appointment().bookingId();
        String again = booked(emptyCalendar(), "call-1", ANA, "corte", THURSDAY, "10:00").appointment().bookingId();
        String other = booked(emptyCalendar(), "call-2", ANA, "corte", THURSDAY, "10:00").appointment().bookingId();

        assertThat(again).isEqualTo(once);
        assertThat(other).isNotEqualTo(once);
    }

    @Test
    void aCustomerBookingTheSameServiceAndStartUnderANewCallIdTakesASecondChair() {
        // Given Ana holds a corte at 10:00 (one of the two chairs)
        Arranged first = booked(emptyCalendar(), "call-1", ANA, "corte", THURSDAY, "10:00");

        // When she books another corte at 10:00 in a new call (for her daughter)
        BookingOutcome second = CALENDAR.book(WS, first.calendar(), "call-2", ANA, "corte", THURSDAY, t("10:00"), WEDNESDAY_10AM);

        // Then it is a second booking, and both chairs are now taken
        assertThat(second).isInstanceOf(Booked.class);
        Appointment daughter = ((Booked) second).appointment();
        assertThat(daughter.bookingId()).isNotEqualTo(first.appointment().bookingId());
        assertThat(second.toResult()).doesNotContainKey("already_booked");
        WorkspaceCalendar both = stored(first.calendar(), second);
        assertThat(both.appointments()).hasSize(2);
        assertThat(CALENDAR.book(WS, both, "call-3", BETO, "corte", THURSDAY, t("10:00"), WEDNESDAY_10AM))
                .isInstanceOf(SlotUnavailable.class);
    }

    @Test
    void aCallIdReusedByAnotherCustomerNeitherRevealsNorReplacesTheBookingItMade() {
        Arranged ana = booked(emptyCalendar(), "call-1", ANA, "corte", THURSDAY, "10:00");

        BookingOutcome forged = CALENDAR.book(WS, ana.calendar(), "call-1", BETO, "corte", FRIDAY, t("10:00"), WEDNESDAY_10AM);

        assertThat(forged).isEqualTo(new Rejected(Reason.NOT_YOUR_BOOKING));
    }

    @Test
    void aBookingOnSundayIsRefusedAndOffersMondayAroundTheAskedTime() {
        BookingOutcome outcome = CALENDAR.book(WS, emptyCalendar(), "call-1", ANA, "corte", SUNDAY, t("10:00"), WEDNESDAY_10AM);

        SlotUnavailable refused = (SlotUnavailable) outcome;
        assertThat(refused.reason()).isEqualTo(Reason.CLOSED);
        assertThat(refused.nearest()).containsExactly(
                new FreeSlot(MONDAY, t("10:00")),
                new FreeSlot(MONDAY, t("09:45")),
                new FreeSlot(MONDAY, t("10:15")),
                new FreeSlot(MONDAY, t("09:30")),
                new FreeSlot(MONDAY, t("10:30")));
        assertThat(refused.toResult())
                .containsEntry("free_times", List.of())
                .containsEntry("nearest", List.of(
                        Map.of("date", "2025-01-20", "time", "10:00"),
                        Map.of("date", "2025-01-20", "time", "09:45"),
                        Map.of("date", "2025-01-20", "time", "10:15"),
                        Map.of("date", "2025-01-20", "time", "09:30"),
                        Map.of("date", "2025-01-20", "time", "10:30")));
    }

    @Test
    void whenTheAskedDayHasFewFreeStartsTheNextOpenDayCompletesTheOffer() {
        OffsetDateTime saturdayNoon = OffsetDateTime.parse("2025-01-18T12:00:00-03:00");

        SlotUnavailable refused = (SlotUnavailable) CALENDAR.book(WS, emptyCalendar(), "call-1", ANA, "corte", SATURDAY, t("12:30"), saturdayNoon);

        assertThat(refused.reason()).isEqualTo(Reason.TOO_SOON);
        // Saturday closes at 14:00: 13:00 and 13:15 are the only cortes left today; Sunday is closed;
        // on Monday 12:30 would overrun the 13:00 break, so the closest there are 12:15, 12:00, 11:45.
        assertThat(refused.nearest()).containsExactly(
                new FreeSlot(SATURDAY, t("13:00")),
                new FreeSlot(SATURDAY, t("13:15")),
                new FreeSlot(MONDAY, t("12:15")),
                new FreeSlot(MONDAY, t("12:00")),
                new FreeSlot(MONDAY, t("11:45")));
        assertThat(refused.toResult()).containsEntry("free_times", List.of("13:00", "13:15"));
    }

    @Test
    void aStartAtTheTurnsOwnMinuteIsAlreadyPast() {
        OffsetDateTime saturdayNoon = OffsetDateTime.parse("2025-01-18T12:00:00-03:00");

        SlotUnavailable refused = (SlotUnavailable) CALENDAR.book(WS, emptyCalendar(), "call-1", ANA, "corte", SATURDAY, t("12:00"), saturdayNoon);

        assertThat(refused.reason()).isEqualTo(Reason.PAST);
    }

    @Test
    void aCorteAcrossTheLunchBreakIsRefused() {
        SlotUnavailable refused = (SlotUnavailable) CALENDAR.book(WS, emptyCalendar(), "call-1", ANA, "corte", THURSDAY, t("12:30"), WEDNESDAY_10AM);

        assertThat(refused.reason()).isEqualTo(Reason.OVERRUNS_CLOSING);
    }

    @Test
    void bookingAnUnknownServiceIsRejected() {
        assertThat(CALENDAR.book(WS, emptyCalendar(), "call-1", ANA, "depilación", THURSDAY, t("10:00"), WEDNESDAY_10AM))
                .isEqualTo(new Rejected(Reason.UNKNOWN_SERVICE));
    }

    @Test
    void aCalendarOrCustomerOfAnotherWorkspaceIsAWiringBugNotABooking() {
        WorkspaceCalendar foreign = WorkspaceCalendar.empty("another-workspace");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> CALENDAR.book(WS, foreign, "call-1", ANA, "corte", THURSDAY, t("10:00"), WEDNESDAY_10AM));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CALENDAR.book(WS, emptyCalendar(), "call-1", "another-workspace:+5491155550001", "corte",
                        THURSDAY, t("10:00"), WEDNESDAY_10AM));
    }
}
