package dev.pulpo.orchestrator.nlu;

import java.time.LocalTime;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times of day of golden-format.md's es-AR conventions, on normalized text.
 *
 * <p>A number is a time only with clock evidence around it: a prefix ({@code a las}, {@code la}, {@code tipo}),
 * minutes ({@code 15:30}, {@code y media}), a unit ({@code 15hs}, {@code 9am}) or a period ({@code de la tarde}).
 * That keeps {@code el 20}, {@code 20/1}, {@code 3500} and {@code 2 personas} out. Every quantifier is bounded, so
 * matching stays linear in the text.
 */
final class ClockTimeParser {

    private static final String HOUR_WORDS = "una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce";

    private static final Pattern CLOCK = Pattern.compile(
            "\\b(?:(?<prefix>a eso de las|a eso de la|como a las|tipo a las|tipo las|para las|para la|desde las"
                    + "|despues de las|antes de las|sobre las|a las|a la|las|la|tipo|a) )?"
                    + "(?<hour>\\d{1,2}|" + HOUR_WORDS + ")"
                    + "(?:[:.](?<min>\\d{2}))?"
                    + "(?: ?(?<unit>hs|h|horas|am|pm))?"
                    + "(?: (?<frac>y media|y cuarto|menos cuarto|en punto|y (?<plus>\\d{1,2})))?"
                    + "(?: (?<period>de la manana|de la tarde|de la noche|de la madrugada|del mediodia|a la manana"
                    + "|a la tarde|a la noche|por la manana|por la tarde|por la noche|am|pm|hs))?"
                    + "\\b(?![:./]\\d)");
    private static final Pattern NOON = Pattern.compile("\\bmediodia\\b");

    /** Words before a number that make it a duration ("tarda 2 hs", "en 2 horas"), not a time of day. */
    private static final Set<String> DURATION_WORDS = Set.of(
            "tarda", "tardan", "dura", "duran", "demora", "demoran", "lleva", "llevan", "en", "unas", "unos", "cada",
            "hace", "durante", "mas", "menos", "de");

    private static final Map<String, Integer> HOUR_NUMBERS = Map.ofEntries(
            Map.entry("una", 1), Map.entry("dos", 2), Map.entry("tres", 3), Map.entry("cuatro", 4),
            Map.entry("cinco", 5), Map.entry("seis", 6), Map.entry("siete", 7), Map.entry("ocho", 8),
            Map.entry("nueve", 9), Map.entry("diez", 10), Map.entry("once", 11), Map.entry("doce", 12));

    private static final LocalTime NOON_TIME = LocalTime.NOON;

    Optional<LocalTime> parse(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        Mentions<LocalTime> found = new Mentions<>(text);
        Matcher m = CLOCK.matcher(text);
        while (m.find()) {
            if (isClock(m, text)) {
                found.add(m.start(), m.end(), toTime(m));
            }
        }
        m = NOON.matcher(text);
        while (m.find()) {
            found.add(m.start(), m.end(), NOON_TIME);
        }
        return found.pick();
    }

    /** Whether the number has enough around it to be a time of day rather than a count, a day or a price. */
    private static boolean isClock(Matcher m, String text) {
        String prefix = m.group("prefix");
        boolean wordHour = !Character.isDigit(m.group("hour").charAt(0));
        boolean strongPrefix = prefix != null && !prefix.equals("a");
        if (wordHour) {
            return strongPrefix; // "dos cortes" is a count; "a las dos" is a time
        }
        if (strongPrefix) {
            return true;
        }
        boolean evidence = m.group("min") != null || m.group("frac") != null || m.group("period") != null
                || (m.group("unit") != null && !m.group("unit").equals("horas"));
        return evidence && !afterDurationWord(text, m.start());
    }

    private static boolean afterDurationWord(String text, int start) {
        int end = start - 1; // the space before the match
        if (end <= 0) {
            return false;
        }
        int from = text.lastIndexOf(' ', end - 1) + 1;
        return DURATION_WORDS.contains(text.substring(from, end));
    }

    private static LocalTime toTime(Matcher m) {
        String hourText = m.group("hour");
        Integer hour = HOUR_NUMBERS.get(hourText);
        boolean writtenAs24h = false;
        if (hour == null) {
            hour = Integer.parseInt(hourText);
            writtenAs24h = hourText.length() == 2 && hourText.charAt(0) == '0'; // "08:30" means the morning
        }
        int minute = minute(m);
        if (hour > 23 || minute < 0) {
            return null;
        }
        hour = dayHalf(hour, period(m), writtenAs24h);
        if ("menos cuarto".equals(m.group("frac"))) {
            return LocalTime.of(hour, 0).minusMinutes(15);
        }
        return LocalTime.of(hour, minute);
    }

    /** The minutes, or -1 when they are not a valid minute. */
    private static int minute(Matcher m) {
        String digits = m.group("min") != null ? m.group("min") : m.group("plus");
        if (digits != null) {
            int value = Integer.parseInt(digits);
            return value <= 59 ? value : -1;
        }
        String frac = m.group("frac");
        if ("y media".equals(frac)) {
            return 30;
        }
        if ("y cuarto".equals(frac)) {
            return 15;
        }
        return 0;
    }

    private enum Period { NONE, MORNING, AFTERNOON }

    private static Period period(Matcher m) {
        String p = m.group("period") != null ? m.group("period") : m.group("unit");
        if (p == null) {
            return Period.NONE;
        }
        if (p.endsWith("tarde") || p.endsWith("noche") || p.endsWith("mediodia") || p.equals("pm")) {
            return Period.AFTERNOON;
        }
        if (p.endsWith("manana") || p.endsWith("madrugada") || p.equals("am")) {
            return Period.MORNING;
        }
        return Period.NONE;
    }

    /**
     * The conventions: "de la tarde/noche" add 12 below 12; a bare 1 to 8 is the afternoon, because nobody books
     * a haircut at 3 in the morning; 9 to 12 is the morning; 0 and 13 to 23 are as written.
     */
    private static int dayHalf(int hour, Period period, boolean writtenAs24h) {
        return switch (period) {
            case AFTERNOON -> hour < 12 ? hour + 12 : hour;
            case MORNING -> hour;
            case NONE -> !writtenAs24h && hour >= 1 && hour <= 8 ? hour + 12 : hour;
        };
    }
}
