package dev.pulpo.orchestrator.dialogue;

import java.util.LinkedHashMap;
import java.util.Map;

/** The slot names of golden-format.md, and merging new values over a conversation's. */
public final class Slots {
    public static final String SERVICE = "service";
    public static final String DATE = "date";
    public static final String TIME = "time";

    private Slots() {
    }

    public static Map<String, String> with(Map<String, String> slots, String name, String value) {
        Map<String, String> merged = new LinkedHashMap<>(slots);
        if (value != null) {
            merged.put(name, value);
        }
        return Map.copyOf(merged);
    }
}
