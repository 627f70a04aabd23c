package dev.pulpo.orchestrator.nlu;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The spans of one message that each express a value (a date, a time), collected pattern by pattern from the
 * most specific to the least: a span that overlaps one already taken is ignored, so {@code el 3 de febrero} is one
 * date and not also {@code el 3}.
 *
 * <p>When a message holds several, the one introduced by a correction or a proposal wins, because that is how
 * customers move things ("el viernes no puedo, mejor el sábado", "¿puede ser el sábado?", "no puedo mañana, pasalo
 * para el lunes"); otherwise the first.
 */
final class Mentions<T> {

    private static final int CORRECTION_LOOKBACK = 16;
    private static final List<String> CORRECTION_MARKERS = List.of("mejor", "puede ser", "podria ser", "en vez", "en cambio",
            "para");

    private record Mention<T>(int start, int end, T value) {
    }

    private final String text;
    private final List<Mention<T>> taken = new ArrayList<>();

    Mentions(String text) {
        this.text = text;
    }

    boolean overlaps(int start, int end) {
        for (Mention<T> m : taken) {
            if (start < m.end() && m.start() < end) {
                return true;
            }
        }
        return false;
    }

    /** Records a value unless its span overlaps one already taken. */
    void add(int start, int end, T value) {
        if (value != null && !overlaps(start, end)) {
            taken.add(new Mention<>(start, end, value));
        }
    }

    Optional<T> pick() {
        Mention<T> first = null;
        Mention<T> corrected = null;
        for (Mention<T> m : taken) {
            if (first == null || m.start() < first.start()) {
                first = m;
            }
            if (isCorrection(m) && (corrected == null || m.start() > corrected.start())) {
                corrected = m;
            }
        }
        Mention<T> chosen = corrected != null ? corrected : first;
        return chosen == null ? Optional.empty() : Optional.of(chosen.value());
    }

    private boolean isCorrection(Mention<T> m) {
        int from = Math.max(0, m.start() - CORRECTION_LOOKBACK);
        String before = text.substring(from, m.start());
        for (String marker : CORRECTION_MARKERS) {
            if (before.contains(marker)) {
                return true;
            }
        }
        return false;
    }
}
