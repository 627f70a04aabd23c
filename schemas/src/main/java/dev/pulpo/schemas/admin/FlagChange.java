package dev.pulpo.schemas.admin;

import dev.pulpo.schemas.event.FlagUpdate;
import java.time.OffsetDateTime;

/**
 * What an operator does to one flag of a scope: leave it as it is, clear it (the broader scope's value, then the
 * environment's, applies again), or set it. Shared by {@code PUT /admin/flags} and {@code ./pulpo flags set}, so
 * both change a scope the same way. Free of Spring.
 */
public record FlagChange<T>(Kind kind, T value) {
    public enum Kind { KEEP, CLEAR, SET }

    public FlagChange {
        if (kind == Kind.SET && value == null) {
            throw new IllegalArgumentException("a flag set needs a value");
        }
    }

    public static <T> FlagChange<T> keep() {
        return new FlagChange<>(Kind.KEEP, null);
    }

    public static <T> FlagChange<T> clear() {
        return new FlagChange<>(Kind.CLEAR, null);
    }

    public static <T> FlagChange<T> set(T value) {
        return new FlagChange<>(Kind.SET, value);
    }

    public T applyTo(T current) {
        return switch (kind) {
            case KEEP -> current;
            case CLEAR -> null;
            case SET -> value;
        };
    }

    /**
     * The scope's flags after the changes: what {@code orchestrator-control} gets, keyed by the scope. The topic is
     * compacted and its latest record is the scope's whole state, so flags left alone are carried over.
     *
     * @param current the scope's latest record, or null when it has none
     * @throws IllegalArgumentException when a value is out of range (the record's own checks)
     */
    public static FlagUpdate apply(String scope, FlagUpdate current, FlagChange<Boolean> enableSlmPipeline,
            FlagChange<Integer> slmCanaryPercent, String updatedBy, OffsetDateTime at) {
        return new FlagUpdate(FlagUpdate.VERSION, scope,
                enableSlmPipeline.applyTo(current == null ? null : current.enableSlmPipeline()),
                slmCanaryPercent.applyTo(current == null ? null : current.slmCanaryPercent()),
                updatedBy, at);
    }
}
