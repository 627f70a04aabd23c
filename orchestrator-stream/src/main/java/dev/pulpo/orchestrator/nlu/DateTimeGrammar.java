package dev.pulpo.orchestrator.nlu;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Optional;

/**
 * The project's own small grammar of es-AR dates and times, exactly the conventions of golden-format.md.
 * It reads text already normalized by {@link TextNormalizer} (lower case, no accents) and never throws.
 *
 * <p>Dates: {@code hoy}, {@code mañana}, {@code pasado mañana}, weekday names (the next such day after today;
 * today only together with "hoy"), {@code el 20}, {@code 20/1}, {@code 20/01}, {@code el 3 de febrero} (the first
 * one that is today or later), {@code la semana que viene} (next Monday).
 *
 * <p>Times: {@code a las 3} (15:00: a bare 1 to 8 is the afternoon), {@code a las 10}, {@code 15hs},
 * {@code 15 hs}, {@code 15h}, {@code 15:30}, {@code 15.30}, {@code y media}, {@code y cuarto},
 * {@code de la tarde}/{@code de la noche}, {@code al mediodía}. A period alone ({@code a la tarde}) is no time.
 *
 * <p>When a message holds several dates or times, the one after "mejor" wins (a correction), else the first.
 */
public final class DateTimeGrammar {

    private final CalendarDateParser dates = new CalendarDateParser();
    private final ClockTimeParser times = new ClockTimeParser();

    public DateTimeGrammar() {
    }

    /** The day the text refers to, resolved against {@code today} in the workspace's zone. */
    public Optional<LocalDate> date(String normalizedText, LocalDate today) {
        return dates.parse(normalizedText, today);
    }

    /** The time of day the text refers to, 24 h. */
    public Optional<LocalTime> time(String normalizedText) {
        return times.parse(normalizedText);
    }
}
