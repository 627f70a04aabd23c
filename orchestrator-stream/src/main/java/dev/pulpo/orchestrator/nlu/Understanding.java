package dev.pulpo.orchestrator.nlu;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Objects;
import java.util.Optional;

/**
 * What the legacy route understood from one message, before the dialogue combines it with the conversation state.
 *
 * @param intent      the most specific thing the message asks for
 * @param confidence  in [0,1]: about 0.9 and up for a clear keyword, lower for slot-only or fuzzy evidence,
 *                    0.5 for the out-of-scope fallback
 * @param service     the canonical catalog name ({@code Corte de Cabello}), when the message names a service
 * @param date        the day the message refers to, resolved against the workspace's "now"
 * @param time        the time of day the message refers to, 24 h
 * @param affirmative the whole message is a plain yes ("sí", "dale", "de una")
 * @param negative    the whole message is a plain no ("no", "mejor no")
 * @param slotsOnly   no word of the message asks for anything: it only gives a service, a date or a time
 *                    ("corte", "el viernes a las 3"), so the conversation decides what it continues
 */
public record Understanding(
        Intent intent,
        double confidence,
        Optional<String> service,
        Optional<LocalDate> date,
        Optional<LocalTime> time,
        boolean affirmative,
        boolean negative,
        boolean slotsOnly) {

    public Understanding {
        Objects.requireNonNull(intent, "intent");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(time, "time");
        if (!(confidence >= 0.0 && confidence <= 1.0)) {
            throw new IllegalArgumentException("confidence must be within [0,1]: " + confidence);
        }
    }

    /** Whether the message carried any booking slot. */
    public boolean hasSlots() {
        return service.isPresent() || date.isPresent() || time.isPresent();
    }
}
