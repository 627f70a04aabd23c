package dev.pulpo.orchestrator.nlu;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.TemporalAdjusters;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates of golden-format.md's es-AR conventions, on normalized text. Every pattern has bounded quantifiers only,
 * so matching stays linear in the text.
 */
final class CalendarDateParser {

    private static final String MONTHS = "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre"
            + "|octubre|noviembre|diciembre|ene|feb|mar|abr|may|jun|jul|ago|sept|sep|set|oct|nov|dic";
    private static final String WEEKDAYS = "lunes|martes|miercoles|jueves|viernes|sabados?|domingos?";

    /** {@code 20/1}, {@code 20/01}, {@code 20/1/2026}, {@code 20/1/26}. */
    private static final Pattern NUMERIC = Pattern.compile("\\b(\\d{1,2})/(\\d{1,2})(?:/(\\d{4}|\\d{2}))?\\b(?![:./]\\d)");
    /** {@code 3 de febrero}, {@code 1ro de marzo}, {@code 3 febrero}. */
    private static final Pattern DAY_OF_NAMED_MONTH = Pattern.compile(
            "\\b(\\d{1,2})(?:ro|ero|o)? (?:de |del )?(" + MONTHS + ")\\b");
    /** {@code el 20}, {@code dia 20}, {@code del 20}, {@code viernes 20}; not {@code el 15:30} nor {@code el 15hs}. */
    private static final Pattern DAY_OF_MONTH = Pattern.compile(
            "\\b(?:el|dia|del|" + WEEKDAYS + ") (\\d{1,2})(?:ro|ero)?\\b(?![:./]\\d)(?! ?(?:hs|h|horas|am|pm)\\b)");
    private static final Pattern WEEKDAY = Pattern.compile("\\b(" + WEEKDAYS + ")\\b");
    private static final Pattern NEXT_WEEK = Pattern.compile("\\b(?:semana que viene|proxima semana|otra semana)\\b");
    private static final Pattern DAY_AFTER_TOMORROW = Pattern.compile("\\bpasado manana\\b");
    /** "mañana" as a day; after "la" or "esta" it is the morning ("a la mañana", "esta mañana"). */
    private static final Pattern TOMORROW = Pattern.compile("(?<!\\bla )(?<!\\besta )\\bmanana\\b");
    private static final Pattern TODAY = Pattern.compile("\\bhoy\\b|\\besta (?:manana|tarde|noche)\\b");

    private static final Map<String, Integer> MONTH_NUMBERS = Map.ofEntries(
            Map.entry("enero", 1), Map.entry("ene", 1), Map.entry("febrero", 2), Map.entry("feb", 2),
            Map.entry("marzo", 3), Map.entry("mar", 3), Map.entry("abril", 4), Map.entry("abr", 4),
            Map.entry("mayo", 5), Map.entry("may", 5), Map.entry("junio", 6), Map.entry("jun", 6),
            Map.entry("julio", 7), Map.entry("jul", 7), Map.entry("agosto", 8), Map.entry("ago", 8),
            Map.entry("septiembre", 9), Map.entry("setiembre", 9), Map.entry("sept", 9), Map.entry("sep", 9),
            Map.entry("set", 9), Map.entry("octubre", 10), Map.entry("oct", 10), Map.entry("noviembre", 11),
            Map.entry("nov", 11), Map.entry("diciembre", 12), Map.entry("dic", 12));

    private static final Map<String, DayOfWeek> WEEKDAY_NUMBERS = Map.of(
            "lunes", DayOfWeek.MONDAY, "martes", DayOfWeek.TUESDAY, "miercoles", DayOfWeek.WEDNESDAY,
            "jueves", DayOfWeek.THURSDAY, "viernes", DayOfWeek.FRIDAY, "sabado", DayOfWeek.SATURDAY,
            "domingo", DayOfWeek.SUNDAY);

    /** A Feb 29 without a year may need this many years to come round again. */
    private static final int MAX_YEARS_AHEAD = 8;

    Optional<LocalDate> parse(String text, LocalDate today) {
        if (text == null || text.isEmpty() || today == null) {
            return Optional.empty();
        }
        Mentions<LocalDate> found = new Mentions<>(text);
        Matcher m = NUMERIC.matcher(text);
        while (m.find()) {
            found.add(m.start(), m.end(), numeric(m, today));
        }
        m = DAY_OF_NAMED_MONTH.matcher(text);
        while (m.find()) {
            found.add(m.start(), m.end(), nextDayOfYear(today, MONTH_NUMBERS.get(m.group(2)), number(m.group(1))));
        }
        m = DAY_OF_MONTH.matcher(text);
        while (m.find()) {
            found.add(m.start(), m.end(), nextDayOfMonth(today, number(m.group(1))));
        }
        boolean nextWeek = NEXT_WEEK.matcher(text).find();
        boolean saysToday = TODAY.matcher(text).find();
        m = WEEKDAY.matcher(text);
        while (m.find()) {
            found.add(m.start(), m.end(), weekday(today, WEEKDAY_NUMBERS.get(singular(m.group(1))), saysToday, nextWeek));
        }
        m = DAY_AFTER_TOMORROW.matcher(text);
        while (m.find()) {
            found.add(m.start(), m.end(), today.plusDays(2));
        }
        m = TOMORROW.matcher(text);
        while (m.find()) {
            found.add(m.start(), m.end(), today.plusDays(1));
        }
        m = TODAY.matcher(text);
        while (m.find()) {
            found.add(m.start(), m.end(), today);
        }
        m = NEXT_WEEK.matcher(text);
        while (m.find()) {
            found.add(m.start(), m.end(), today.with(TemporalAdjusters.next(DayOfWeek.MONDAY)));
        }
        return found.pick();
    }

    private static LocalDate numeric(Matcher m, LocalDate today) {
        int day = number(m.group(1));
        int month = number(m.group(2));
        if (m.group(3) == null) {
            return nextDayOfYear(today, month, day);
        }
        int year = number(m.group(3));
        year = year < 100 ? 2000 + year : year;
        if (month < 1 || month > 12 || day < 1 || !YearMonth.of(year, month).isValidDay(day)) {
            return null;
        }
        return LocalDate.of(year, month, day);
    }

    /** The first {@code day/month} that is today or later. */
    private static LocalDate nextDayOfYear(LocalDate today, int month, int day) {
        if (month < 1 || month > 12 || day < 1 || day > 31) {
            return null;
        }
        for (int year = today.getYear(); year <= today.getYear() + MAX_YEARS_AHEAD; year++) {
            if (YearMonth.of(year, month).isValidDay(day)) {
                LocalDate candidate = LocalDate.of(year, month, day);
                if (!candidate.isBefore(today)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    /** The first {@code day} of a month that is today or later ("el 31" skips the months without one). */
    private static LocalDate nextDayOfMonth(LocalDate today, int day) {
        if (day < 1 || day > 31) {
            return null;
        }
        YearMonth month = YearMonth.from(today);
        for (int i = 0; i < 13; i++, month = month.plusMonths(1)) {
            if (month.isValidDay(day) && !month.atDay(day).isBefore(today)) {
                return month.atDay(day);
            }
        }
        return null;
    }

    /**
     * The next such weekday after today; today itself only when the message also says "hoy". With "la semana que
     * viene" it is that weekday in next week (Monday to Sunday).
     */
    private static LocalDate weekday(LocalDate today, DayOfWeek day, boolean saysToday, boolean nextWeek) {
        if (nextWeek) {
            return today.with(TemporalAdjusters.next(DayOfWeek.MONDAY)).with(TemporalAdjusters.nextOrSame(day));
        }
        if (saysToday && today.getDayOfWeek() == day) {
            return today;
        }
        return today.with(TemporalAdjusters.next(day));
    }

    private static String singular(String weekday) {
        return weekday.endsWith("os") ? weekday.substring(0, weekday.length() - 1) : weekday;
    }

    /** Groups hold one to four ASCII digits, so parsing cannot fail. */
    private static int number(String digits) {
        return Integer.parseInt(digits);
    }
}
