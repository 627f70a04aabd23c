package dev.pulpo.tools.calendar;

import static dev.pulpo.tools.calendar.DemoSalon.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Issue 12: a customer holds at most {@code PULPO_MAX_OPEN_BOOKINGS_PER_CUSTOMER} (3) booked appointments ahead. */
class OpenBookingsLimitTest {

    /** Ana's three cortes: Thursday, Friday and Saturday at 10:00. */
    private static WorkspaceCalendar threeOfAnas() {
        WorkspaceCalendar cal = booked(emptyCalendar(), "call-1", ANA, "corte", THURSDAY, "10:00").calendar();
        cal = booked(cal, "call-2", ANA, "corte", FRIDAY, "10:00").calendar();
        return booked(cal, "call-3", ANA, "corte", SATURDAY, "10:00").calendar();
    }

    @Test
    void aFourthOpenBookingIsRefusedWithTheLimitAndAnotherCustomerStillBooks() {
        WorkspaceCalendar cal = threeOfAnas();

        BookingOutcome fourth = CALENDAR.book(WS, cal, "call-4", ANA, "corte", MONDAY, t("10:00"), WEDNESDAY_10AM);

        assertThat(fourth).isEqualTo(new LimitReached(3));
        assertThat(fourth.toResult()).isEqualTo(Map.of("status", "limit_reached", "limit", 3));
        assertThat(CALENDAR.book(WS, cal, "call-5", BETO, "corte", MONDAY, t("10:00"), WEDNESDAY_10AM))
                .isInstanceOf(Booked.class);
    }

    @Test
    void aCancelledBookingNoLongerCounts() {
        WorkspaceCalendar cal = threeOfAnas();
        cal = stored(cal, CALENDAR.cancel(WS, cal, "call-4", ANA, Optional.empty(), WEDNESDAY_10AM));

        assertThat(CALENDAR.book(WS, cal, "call-5", ANA, "corte", MONDAY, t("10:00"), WEDNESDAY_10AM))
                .isInstanceOf(Booked.class);
    }

    @Test
    void anAppointmentThatHasBegunNoLongerCounts() {
        WorkspaceCalendar cal = threeOfAnas();
        OffsetDateTime thursdayDuringIt = OffsetDateTime.parse("2025-01-16T10:10:00-03:00");

        assertThat(CALENDAR.book(WS, cal, "call-4", ANA, "corte", MONDAY, t("10:00"), thursdayDuringIt))
                .isInstanceOf(Booked.class);
    }

    @Test
    void aRetryOfABookingAlreadyMadeIsAnsweredWithItAtTheLimit() {
        WorkspaceCalendar cal = threeOfAnas();

        assertThat(CALENDAR.book(WS, cal, "call-3", ANA, "corte", SATURDAY, t("10:00"), WEDNESDAY_10AM))
                .isInstanceOf(Booked.class);
    }

    @Test
    void movingABookingAtTheLimitIsNotANewOne() {
        WorkspaceCalendar cal = threeOfAnas();

        assertThat(CALENDAR.reschedule(WS, cal, "call-4", ANA, Optional.empty(), MONDAY, t("10:00"), WEDNESDAY_10AM))
                .isInstanceOf(Rescheduled.class);
    }

    @Test
    void theLimitIsASettingAndZeroMeansNone() {
        WorkspaceCalendar cal = threeOfAnas();

        assertThat(new CalendarService(2).book(WS, booked(emptyCalendar(), "call-1", ANA, "corte", THURSDAY, "10:00")
                .calendar(), "call-2", ANA, "corte", FRIDAY, t("10:00"), WEDNESDAY_10AM)).isInstanceOf(Booked.class);
        assertThat(new CalendarService(2).book(WS, cal, "call-4", ANA, "corte", MONDAY, t("10:00"), WEDNESDAY_10AM))
                .isEqualTo(new LimitReached(2));
        assertThat(new CalendarService(0).book(WS, cal, "call-4", ANA, "corte", MONDAY, t("10:00"), WEDNESDAY_10AM))
                .isInstanceOf(Booked.class);
    }
}
