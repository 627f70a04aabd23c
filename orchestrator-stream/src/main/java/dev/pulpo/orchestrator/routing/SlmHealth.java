package dev.pulpo.orchestrator.routing;

import java.util.ArrayList;
import java.util.List;

/**
 * The latest SLM turns of a scope, newest last: {@code true} for one answered by a legacy fallback. What the
 * automatic rollback decides on.
 */
public record SlmHealth(List<Boolean> fellBack) {

    public SlmHealth {
        fellBack = fellBack == null ? List.of() : List.copyOf(fellBack);
    }

    public static SlmHealth empty() {
        return new SlmHealth(List.of());
    }

    public SlmHealth record(boolean fallback, int window) {
        List<Boolean> kept = new ArrayList<>(fellBack);
        kept.add(fallback);
        while (kept.size() > window) {
            kept.removeFirst();
        }
        return new SlmHealth(kept);
    }

    public double fallbackRate() {
        return fellBack.isEmpty() ? 0 : fellBack.stream().filter(b -> b).count() / (double) fellBack.size();
    }

    /** Whether the window holds at least {@code minTurns} and more than {@code maxRate} of them fell back. */
    public boolean unhealthy(int minTurns, double maxRate) {
        return fellBack.size() >= minTurns && fallbackRate() > maxRate;
    }
}
