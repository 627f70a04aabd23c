package dev.pulpo.tools.calendar;

import static dev.pulpo.tools.calendar.DemoSalon.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AvailabilityTest {

    @Test
    void sundayOffersNoTimesBecauseTheSalonIsClosed() {
        DayAvailability sunday = day(emptyCalendar(), "corte", SUNDAY, WEDNESDAY_10AM);

        assertThat(sunday.freeTimes()).isEmpty();
        assertThat(sunday.reason()).contains(Reason.CLOSED);
    }

    @Test
    void aCorteMayNotStartWhenItWouldRunIntoTheLunchBreak() {
        DayAvailability thursday = day(emptyCalendar(), "corte", THURSDAY, WEDNESDAY_10AM);

        List<LocalTime> expected = new ArrayList<>(every15("09:00", "12:15"));
        expected.addAll(every15("14:00", "18:15"));
        assertThat(thursday.freeTimes()).containsExactlyElementsOf(expected);
        assertThat(thursday.reason()).isEmpty();
    }

    @Test
    void askingForACorteAtHalfPastTwelveSaysItOverrunsTheBreakAndOffersTheClosestStarts() {
        DayAvailability answer = dayAt(emptyCalendar(), "corte", THURSDAY, "12:30", WEDNESDAY_10AM);

        assertThat(answer.askedTimeFree()).isFalse();
        assertThat(answer.reason()).contains(Reason.OVERRUNS_CLOSING);
        assertThat(answer.nearest()).extracting(FreeSlot::time)
                .containsExactly(t("12:15"), t("12:00"), t("11:45"), t("11:30"), t("11:15")); // 14:00 is 90 minutes away
    }

    @Test
    void aFreeAskedTimeIsReportedFreeWithoutAlternatives() {
        DayAvailability answer = dayAt(emptyCalendar(), "corte", THURSDAY, "10:00", WEDNESDAY_10AM);

        assertThat(answer.askedTimeFree()).isTrue();
        assertThat(answer.reason()).isEmpty();
        assertThat(answer.nearest()).isEmpty();
    }

    @Test
    void todaysFirstStartIsTheLeadTimeLaterOnTheGrid() {
        assertThat(day(emptyCalendar(), "corte", WEDNESDAY, WEDNESDAY_10AM).freeTimes()).first().isEqualTo(t("11:00"));
        assertThat(day(emptyCalendar(), "corte", WEDNESDAY, OffsetDateTime.parse("2025-01-15T10:05:00-03:00")).freeTimes())
                .first().isEqualTo(t("11:15"));
    }

    @Test
    void aStartInsideTheLeadTimeIsTooSoonAndOneBehindTheClockIsPast() {
        assertThat(dayAt(emptyCalendar(), "corte", WEDNESDAY, "10:45", WEDNESDAY_10AM).reason()).contains(Reason.TOO_SOON);
        assertThat(dayAt(emptyCalendar(), "corte", WEDNESDAY, "09:00", WEDNESDAY_10AM).reason()).contains(Reason.PAST);
        assertThat(day(emptyCalendar(), "corte", WEDNESDAY.minusDays(1), WEDNESDAY_10AM).reason()).contains(Reason.PAST);
    }

    @Test
    void theLastDayOfTheHorizonIsBookableAndTheDayAfterIsNot() {
        OffsetDateTime thursdayNoon = OffsetDateTime.parse("2025-01-16T12:00:00-03:00");
        LocalDate sixtyDaysAhead = THURSDAY.plusDays(60);   // Monday 2025-03-17
        LocalDate sixtyOneDaysAhead = THURSDAY.plusDays(61); // Tuesday 2025-03-18, open

        assertThat(day(emptyCalendar(), "corte", sixtyDaysAhead, thursdayNoon).freeTimes()).isNotEmpty();
        DayAvailability beyond = day(emptyCalendar(), "corte", sixtyOneDaysAhead, thursdayNoon);
        assertThat(beyond.freeTimes()).isEmpty();
        assertThat(beyond.reason()).contains(Reason.BEYOND_HORIZON);
    }

    @Test
    void anAlisadoIsNotOfferedWhenItWouldRunPastClosing() {
        DayAvailability thursday = day(emptyCalendar(), "alisado", THURSDAY, WEDNESDAY_10AM);

        List<LocalTime> expected = new ArrayList<>(every15("09:00", "10:00"));
        expected.addAll(every15("14:00", "16:00"));
        assertThat(thursday.freeTimes()).containsExactlyElementsOf(expected).doesNotContain(t("17:00"));
        assertThat(dayAt(emptyCalendar(), "alisado", THURSDAY, "17:00", WEDNESDAY_10AM).reason())
                .contains(Reason.OVERRUNS_CLOSING);
        assertThat(day(emptyCalendar(), "alisado", SATURDAY, WEDNESDAY_10AM).freeTimes())
                .containsExactlyElementsOf(every15("09:00", "11:00"));
    }

    @Test
    void todayIsTheDateInTheWorkspaceZoneEvenWhenUtcIsAlreadyTomorrow() {
        OffsetDateTime lateWednesdayInBuenosAires = OffsetDateTime.parse("2025-01-16T01:30:00Z"); // 22:30 on the 15th

        DayAvailability wednesday = day(emptyCalendar(), "corte", WEDNESDAY, lateWednesdayInBuenosAires);
        assertThat(wednesday.reason()).as("the 15th is today, not yesterday").contains(Reason.TOO_SOON);
        assertThat(day(emptyCalendar(), "corte", THURSDAY, lateWednesdayInBuenosAires).freeTimes()).first().isEqualTo(t("09:00"));
        assertThat(day(emptyCalendar(), "corte", LocalDate.of(2025, 3, 17), lateWednesdayInBuenosAires).reason())
                .as("61 days after the 15th").contains(Reason.BEYOND_HORIZON);
    }

    @Test
    void theLeadTimeIsCountedInTheWorkspaceZoneWhateverTheOffsetOfNow() {
        OffsetDateTime thursday0830InBuenosAires = OffsetDateTime.parse("2025-01-16T11:30:00Z");

        assertThat(day(emptyCalendar(), "corte", THURSDAY, thursday0830InBuenosAires).freeTimes()).first().isEqualTo(t("09:30"));
    }

    @Test
    void anUnknownServiceIsAClearRejection() {
        AvailabilityOutcome outcome = CALENDAR.availability(WS, emptyCalendar(), "depilación", THURSDAY, Optional.empty(), WEDNESDAY_10AM);

        assertThat(outcome).isEqualTo(new Rejected(Reason.UNKNOWN_SERVICE));
        assertThat(outcome.toResult()).isEqualTo(
                Map.of("status", "rejected", "reason", "unknown_service"));
    }

    @Test
    void aServiceIsFoundByIdNameOrSynonym() {
        assertThat(day(emptyCalendar(), "Corte de Cabello", THURSDAY, WEDNESDAY_10AM).service()).isEqualTo("Corte de Cabello");
        assertThat(day(emptyCalendar(), "coloracion", THURSDAY, WEDNESDAY_10AM).service()).isEqualTo("Coloración");
        assertThat(day(emptyCalendar(), "tintura", THURSDAY, WEDNESDAY_10AM).service()).isEqualTo("Coloración");
    }

    @Test
    void aStartOffTheGridIsNotOffered() {
        assertThat(dayAt(emptyCalendar(), "corte", THURSDAY, "10:07", WEDNESDAY_10AM).reason()).contains(Reason.OFF_GRID);
        assertThat(dayAt(emptyCalendar(), "corte", THURSDAY, "13:30", WEDNESDAY_10AM).reason()).contains(Reason.OUTSIDE_HOURS);
        assertThat(dayAt(emptyCalendar(), "corte", THURSDAY, "19:00", WEDNESDAY_10AM).reason()).contains(Reason.OUTSIDE_HOURS);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theResultListsFreeTimesAsHoursAndMinutes() {
        Map<String, Object> result = dayAt(emptyCalendar(), "corte", WEDNESDAY, "18:15", WEDNESDAY_10AM).toResult();

        assertThat(result).containsEntry("status", "ok")
                .containsEntry("service", "Corte de Cabello")
                .containsEntry("date", "2025-01-15")
                .containsEntry("time", "18:15")
                .containsEntry("time_free", true)
                .doesNotContainKeys("reason", "nearest");
        assertThat((List<Object>) result.get("free_times")).startsWith("11:00", "11:15").endsWith("18:15");
    }
}
