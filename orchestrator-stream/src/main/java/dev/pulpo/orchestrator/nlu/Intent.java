package dev.pulpo.orchestrator.nlu;

import java.util.Locale;

/** What a customer's message asks for; the wire names are the ones of the golden conversations. */
public enum Intent {
    GREETING, INFO_HOURS, INFO_PRICE, INFO_LOCATION, BOOK, CANCEL, RESCHEDULE, GOODBYE, HUMAN_HANDOFF, OUT_OF_SCOPE;

    /** The lower snake case name used in events and golden files, e.g. {@code info_hours}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a wire name, ignoring case and surrounding blanks.
     *
     * @throws IllegalArgumentException when {@code s} names no intent, so a typo in a golden file fails loudly
     */
    public static Intent fromWire(String s) {
        if (s != null) {
            String wanted = s.strip();
            for (Intent intent : values()) {
                if (intent.wire().equalsIgnoreCase(wanted)) {
                    return intent;
                }
            }
        }
        throw new IllegalArgumentException("unknown intent: " + s);
    }
}
