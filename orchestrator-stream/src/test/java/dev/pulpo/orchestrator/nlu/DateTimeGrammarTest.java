package dev.pulpo.orchestrator.nlu;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every date and time convention of golden-format.md, each as its own case. */
class DateTimeGrammarTest {

    /** 2025-01-15 is a Wednesday. */
    private static final LocalDate WEDNESDAY = OffsetDateTime.parse("2025-01-15T10:00:00-03:00").toLocalDate();
    private static final LocalDate DECEMBER_30 = LocalDate.parse("2025-12-30");

    private final DateTimeGrammar grammar = new DateTimeGrammar();
    private final TextNormalizer normalizer = new TextNormalizer();

    private Optional<LocalDate> date(String text) {
        return date(text, WEDNESDAY);
    }

    private Optional<LocalDate> date(String text, LocalDate today) {
        return grammar.date(normalizer.normalize(text), today);
    }

    private Optional<LocalTime> time(String text) {
        return grammar.time(normalizer.normalize(text));
    }

    private static LocalDate day(String iso) {
        return LocalDate.parse(iso);
    }

    private static LocalTime at(String hhmm) {
        return LocalTime.parse(hhmm);
    }

    @Nested
    class RelativeDays {
        @Test
        void hoyIsToday() {
            assertThat(date("hoy")).contains(day("2025-01-15"));
        }

        @Test
        void mananaIsTomorrowWithOrWithoutTheTilde() {
            assertThat(date("mañana")).contains(day("2025-01-16"));
            assertThat(date("para manana")).contains(day("2025-01-16"));
        }

        @Test
        void pasadoMananaIsTheDayAfterTomorrow() {
            assertThat(date("pasado mañana")).contains(day("2025-01-17"));
        }

        @Test
        void laMananaIsAPeriodNotTomorrow() {
            assertThat(date("a la mañana")).isEmpty();
            assertThat(date("mañana a la mañana")).contains(day("2025-01-16"));
            assertThat(date("esta mañana")).contains(day("2025-01-15"));
        }

        @Test
        void mananaCrossesTheYearEnd() {
            assertThat(date("mañana", DECEMBER_30)).contains(day("2025-12-31"));
            assertThat(date("pasado mañana", DECEMBER_30)).contains(day("2026-01-01"));
        }
    }

    @Nested
    class Weekdays {
        @Test
        void aWeekdayIsTheNextSuchDayAfterToday() {
            assertThat(date("el viernes")).contains(day("2025-01-17"));
            assertThat(date("el lunes")).contains(day("2025-01-20"));
            assertThat(date("el martes")).contains(day("2025-01-21"));
        }

        @Test
        void todaysOwnWeekdayMeansNextWeek() {
            assertThat(date("el miércoles")).contains(day("2025-01-22"));
        }

        @Test
        void todaysOwnWeekdayWithHoyMeansToday() {
            assertThat(date("hoy miércoles")).contains(day("2025-01-15"));
        }

        @Test
        void weekdayWithoutAccentOrInPlural() {
            assertThat(date("el sabado")).contains(day("2025-01-18"));
            assertThat(date("abren los sábados?")).contains(day("2025-01-18"));
        }

        @Test
        void queVieneAndProximoAreTheNextSuchDay() {
            assertThat(date("el lunes que viene")).contains(day("2025-01-20"));
            assertThat(date("el próximo viernes")).contains(day("2025-01-17"));
        }

        @Test
        void laSemanaQueVieneIsNextMonday() {
            assertThat(date("la semana que viene")).contains(day("2025-01-20"));
            assertThat(date("la próxima semana")).contains(day("2025-01-20"));
        }

        @Test
        void aWeekdayOfNextWeekIsInNextCalendarWeek() {
            assertThat(date("el viernes de la semana que viene")).contains(day("2025-01-24"));
        }

        @Test
        void aWeekdayCrossesTheYearEnd() {
            assertThat(date("el viernes", DECEMBER_30)).contains(day("2026-01-02"));
        }
    }

    @Nested
    class DaysOfMonth {
        @Test
        void elDayIsTheNextSuchDayTodayOrLater() {
            assertThat(date("el 20")).contains(day("2025-01-20"));
        }

        @Test
        void elTodaysDayIsToday() {
            assertThat(date("el 15")).contains(day("2025-01-15"));
        }

        @Test
        void elAPastDayIsNextMonth() {
            assertThat(date("el 10")).contains(day("2025-02-10"));
        }

        @Test
        void elDaySkipsMonthsWithoutIt() {
            assertThat(date("el 31", day("2025-02-01"))).contains(day("2025-03-31"));
        }

        @Test
        void elDayCrossesTheYearEnd() {
            assertThat(date("el 3", DECEMBER_30)).contains(day("2026-01-03"));
        }

        @Test
        void diaAndWeekdayWithNumberAreDaysOfMonth() {
            assertThat(date("el día 20")).contains(day("2025-01-20"));
            assertThat(date("el viernes 24")).contains(day("2025-01-24"));
        }

        @Test
        void dayOfMonthOutOfRangeIsNoDate() {
            assertThat(date("el 32")).isEmpty();
            assertThat(date("el 0")).isEmpty();
        }
    }

    @Nested
    class DayAndMonth {
        @Test
        void slashDayMonth() {
            assertThat(date("20/1")).contains(day("2025-01-20"));
        }

        @Test
        void slashDayMonthWithLeadingZero() {
            assertThat(date("20/01")).contains(day("2025-01-20"));
        }

        @Test
        void slashDayMonthAlreadyPastIsNextYear() {
            assertThat(date("10/1")).contains(day("2026-01-10"));
        }

        @Test
        void slashWithYearKeepsTheYear() {
            assertThat(date("20/1/2026")).contains(day("2026-01-20"));
            assertThat(date("20/1/26")).contains(day("2026-01-20"));
        }

        @Test
        void dayDeMonthName() {
            assertThat(date("el 3 de febrero")).contains(day("2025-02-03"));
            assertThat(date("3 de marzo")).contains(day("2025-03-03"));
        }

        @Test
        void dayDeMonthNameCrossesTheYearEnd() {
            assertThat(date("el 2 de enero", DECEMBER_30)).contains(day("2026-01-02"));
            assertThat(date("2/1", DECEMBER_30)).contains(day("2026-01-02"));
        }

        @Test
        void february29WaitsForALeapYear() {
            assertThat(date("29/2")).contains(day("2028-02-29"));
        }

        @Test
        void impossibleDayAndMonthIsNoDate() {
            assertThat(date("31/2")).isEmpty();
            assertThat(date("20/13")).isEmpty();
        }
    }

    @Nested
    class WhatIsNotADate {
        @Test
        void pricesAreNeitherDatesNorTimes() {
            assertThat(date("cuesta 3500?")).isEmpty();
            assertThat(time("cuesta 3500?")).isEmpty();
            assertThat(time("sale $3.500")).isEmpty();
            assertThat(time("entre 3.500 y 6.000")).isEmpty();
        }

        @Test
        void aTimeIsNotADate() {
            assertThat(date("a las 10")).isEmpty();
            assertThat(date("15:30")).isEmpty();
        }

        @Test
        void noDateWordsMeansNoDate() {
            assertThat(date("quiero un corte")).isEmpty();
            assertThat(date("")).isEmpty();
        }

        @Test
        void aCorrectionWinsOverTheFirstDate() {
            assertThat(date("el viernes no puedo, mejor el sábado")).contains(day("2025-01-18"));
        }
    }

    @Nested
    class BareHours {
        @Test
        void oneToEightIsTheAfternoon() {
            assertThat(time("a las 3")).contains(at("15:00"));
            assertThat(time("a las 6")).contains(at("18:00"));
            assertThat(time("a las 8")).contains(at("20:00"));
            assertThat(time("a la 1")).contains(at("13:00"));
        }

        @Test
        void nineToTwelveIsTheMorning() {
            assertThat(time("a las 9")).contains(at("09:00"));
            assertThat(time("a las 10")).contains(at("10:00"));
            assertThat(time("a las 12")).contains(at("12:00"));
        }

        @Test
        void thirteenToTwentyThreeAsWritten() {
            assertThat(time("a las 13")).contains(at("13:00"));
            assertThat(time("a las 17")).contains(at("17:00"));
            assertThat(time("a las 23")).contains(at("23:00"));
        }

        @Test
        void hoursInWords() {
            assertThat(time("a las cinco")).contains(at("17:00"));
            assertThat(time("a las diez")).contains(at("10:00"));
            assertThat(time("a la una")).contains(at("13:00"));
        }

        @Test
        void otherPrefixesOfAnHour() {
            assertThat(time("tipo 4")).contains(at("16:00"));
            assertThat(time("para las 11")).contains(at("11:00"));
            assertThat(time("mejor a las 5")).contains(at("17:00"));
        }

        @Test
        void anImpossibleHourIsNoTime() {
            assertThat(time("a las 25")).isEmpty();
        }
    }

    @Nested
    class Periods {
        @Test
        void deLaTardeAddsTwelveBelowTwelve() {
            assertThat(time("a las 7 de la tarde")).contains(at("19:00"));
            assertThat(time("a las 12 de la tarde")).contains(at("12:00"));
        }

        @Test
        void deLaNocheAddsTwelveBelowTwelve() {
            assertThat(time("a las 9 de la noche")).contains(at("21:00"));
        }

        @Test
        void deLaMananaKeepsTheMorning() {
            assertThat(time("a las 8 de la mañana")).contains(at("08:00"));
            assertThat(time("a las 10 de la mañana")).contains(at("10:00"));
        }

        @Test
        void alMediodiaIsNoon() {
            assertThat(time("al mediodía")).contains(at("12:00"));
        }

        @Test
        void aPeriodWithoutAnHourIsNoTime() {
            assertThat(time("a la mañana")).isEmpty();
            assertThat(time("a la tarde")).isEmpty();
            assertThat(time("a la noche")).isEmpty();
        }
    }

    @Nested
    class Minutes {
        @Test
        void yMediaIsHalfPast() {
            assertThat(time("a las 4 y media")).contains(at("16:30"));
            assertThat(time("a las dos y media")).contains(at("14:30"));
        }

        @Test
        void yCuartoIsQuarterPast() {
            assertThat(time("a las 10 y cuarto")).contains(at("10:15"));
        }

        @Test
        void menosCuartoIsQuarterTo() {
            assertThat(time("a las 5 menos cuarto")).contains(at("16:45"));
        }

        @Test
        void colonAndDotMinutes() {
            assertThat(time("15:30")).contains(at("15:30"));
            assertThat(time("15.30")).contains(at("15:30"));
            assertThat(time("a las 10:45")).contains(at("10:45"));
        }

        @Test
        void aLeadingZeroIsTwentyFourHourTime() {
            assertThat(time("08:30")).contains(at("08:30"));
        }

        @Test
        void invalidMinutesAreNoTime() {
            assertThat(time("15:75")).isEmpty();
        }
    }

    @Nested
    class HourUnits {
        @Test
        void hsGluedOrSpacedAndH() {
            assertThat(time("15hs")).contains(at("15:00"));
            assertThat(time("15 hs")).contains(at("15:00"));
            assertThat(time("15h")).contains(at("15:00"));
            assertThat(time("a las 15 horas")).contains(at("15:00"));
        }

        @Test
        void aBareHourWithUnitFollowsTheAfternoonRule() {
            assertThat(time("3hs")).contains(at("15:00"));
        }

        @Test
        void aDurationIsNoTime() {
            assertThat(time("cuanto tarda, 2 hs?")).isEmpty();
            assertThat(time("en 2 horas")).isEmpty();
        }
    }

    @Nested
    class WhatIsNotATime {
        @Test
        void aDayOfMonthIsNotATime() {
            assertThat(time("el 20")).isEmpty();
            assertThat(time("20/1")).isEmpty();
            assertThat(time("el 3 de febrero")).isEmpty();
        }

        @Test
        void aCountIsNotATime() {
            assertThat(time("dos cortes")).isEmpty();
            assertThat(time("somos 3")).isEmpty();
        }

        @Test
        void dateAndTimeTogether() {
            String text = "el 20 a las 10";
            assertThat(date(text)).contains(day("2025-01-20"));
            assertThat(time(text)).contains(at("10:00"));
        }
    }
}
