package dev.pulpo.ops.replay;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How {@code reply_contains} compares: case-insensitively, without accents, and with {@code .}/{@code ,}
 * thousands separators between digits removed, so {@code "$3.500"} contains {@code "3500"}.
 */
public final class ReplyText {
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SEPARATOR_BETWEEN_DIGITS = Pattern.compile("(?<=\\d)[.,](?=\\d)");

    private ReplyText() {
    }

    public static boolean contains(String reply, String expected) {
        return reply != null && normalize(reply).contains(normalize(expected));
    }

    static String normalize(String text) {
        String unaccented = MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("");
        return SEPARATOR_BETWEEN_DIGITS.matcher(unaccented.toLowerCase(Locale.ROOT)).replaceAll("");
    }
}
