package dev.pulpo.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The phases of one case by name, and the message ids that route an answer back to its phase:
 * {@code <phase>#<seq>}. An id of no known phase (a late answer of an earlier case) is ignored.
 */
final class Phases {
    private final Map<String, Recorder> byName = new ConcurrentHashMap<>();

    Recorder open(String phase, int messages) {
        if (phase.contains("#")) {
            throw new IllegalArgumentException("a phase name has no '#': " + phase);
        }
        Recorder recorder = new Recorder(messages);
        byName.put(phase, recorder);
        return recorder;
    }

    static String id(String phase, int seq) {
        return phase + "#" + seq;
    }

    /** The phase an id belongs to, or null when it is not one of ours. */
    static String phaseOf(String id) {
        int hash = id == null ? -1 : id.lastIndexOf('#');
        return hash <= 0 ? null : id.substring(0, hash);
    }

    /** Records the arrival of the message with this id, if it is one of ours. */
    void arrived(String id, long nanos, long reportedMs) {
        if (id == null) {
            return;
        }
        int hash = id.lastIndexOf('#');
        if (hash <= 0) {
            return;
        }
        Recorder recorder = byName.get(id.substring(0, hash));
        if (recorder == null) {
            return;
        }
        int seq;
        try {
            seq = Integer.parseInt(id.substring(hash + 1));
        } catch (NumberFormatException e) {
            return;
        }
        recorder.arrived(seq, nanos, reportedMs);
    }
}
