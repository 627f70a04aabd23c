package dev.pulpo.orchestrator.slm;

import java.util.Locale;

/** The SLM route's stages that ask a language model. */
public enum ModelStage {
    /** Intent, slots and confidence from the customer's message. */
    EXTRACT,
    /** The tool calls a turn makes. */
    PLAN,
    /** The reply's words, from the facts the reducer gathered. */
    NLG;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ModelStage fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
