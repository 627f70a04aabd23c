package dev.pulpo.orchestrator.nlu;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Turns what a customer typed into the one shape every rule of the package reads: lower case ASCII words and
 * numbers separated by single spaces.
 *
 * <ul>
 *   <li>Accents are folded with {@link Normalizer} ({@code "Mañana"} becomes {@code "manana"}), because customers
 *       write them, omit them, or put them in the wrong place.</li>
 *   <li>Emojis, punctuation and any other symbol become a space.</li>
 *   <li>{@code :}, {@code .} and {@code /} survive only between digits, so that {@code 15:30}, {@code 15.30} and
 *       {@code 20/1} reach the date and time grammar; a {@code .} or {@code ,} followed by exactly three digits is a
 *       thousands separator and is dropped ({@code $3.500} becomes {@code 3500}), so prices never look like times.</li>
 *   <li>Chat elongations are folded ({@code holaaa}, {@code siii}, {@code graciasss}): a repeated letter counts
 *       once, except the doubles Spanish spells ({@code ll}, {@code rr}, {@code cc}, {@code nn}), kept at two.</li>
 * </ul>
 * Runs in one pass, linear in the input.
 */
public final class TextNormalizer {

    public String normalize(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        String decomposed = Normalizer.normalize(raw.toLowerCase(Locale.ROOT), Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            if (Character.getType(c) == Character.NON_SPACING_MARK) {
                continue; // the accent of a decomposed letter
            }
            if (c >= '0' && c <= '9') {
                out.append(c);
            } else if (c >= 'a' && c <= 'z') {
                appendLetter(out, c);
            } else if (isDigitSeparator(c) && endsWithDigit(out) && digitAt(decomposed, i + 1)) {
                if (isThousandsSeparator(c, decomposed, i)) {
                    continue;
                }
                if (c == ',') {
                    appendSpace(out); // a decimal comma carries nothing the grammar reads
                } else {
                    out.append(c);
                }
            } else {
                appendSpace(out);
            }
        }
        int end = out.length();
        if (end > 0 && out.charAt(end - 1) == ' ') {
            out.setLength(end - 1);
        }
        return out.toString();
    }

    private static void appendLetter(StringBuilder out, char c) {
        int n = out.length();
        if (n > 0 && out.charAt(n - 1) == c) {
            if (!canDouble(c) || (n > 1 && out.charAt(n - 2) == c)) {
                return;
            }
        }
        out.append(c);
    }

    private static void appendSpace(StringBuilder out) {
        int n = out.length();
        if (n > 0 && out.charAt(n - 1) != ' ') {
            out.append(' ');
        }
    }

    /** The letters Spanish spells doubled: "llamar", "correr", "acción", "innovar". */
    private static boolean canDouble(char c) {
        return c == 'l' || c == 'r' || c == 'c' || c == 'n';
    }

    private static boolean isDigitSeparator(char c) {
        return c == ':' || c == '.' || c == '/' || c == ',';
    }

    /** A {@code .} or {@code ,} followed by exactly three digits, as in {@code 3.500} or {@code 12,000}. */
    private static boolean isThousandsSeparator(char c, String s, int i) {
        if (c != '.' && c != ',') {
            return false;
        }
        return digitAt(s, i + 1) && digitAt(s, i + 2) && digitAt(s, i + 3) && !digitAt(s, i + 4);
    }

    private static boolean endsWithDigit(StringBuilder out) {
        int n = out.length();
        return n > 0 && out.charAt(n - 1) >= '0' && out.charAt(n - 1) <= '9';
    }

    private static boolean digitAt(String s, int i) {
        return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9';
    }
}
