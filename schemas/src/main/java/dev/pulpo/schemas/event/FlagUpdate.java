package dev.pulpo.schemas.event;

import java.time.OffsetDateTime;

/**
 * Run-time routing flags for a scope ({@code global} or a workspace id). A null flag leaves the
 * broader scope's value, then the environment's, in force.
 */
public record FlagUpdate(
        int schemaVersion,
        String scope,
        Boolean enableSlmPipeline,
        Integer slmCanaryPercent,
        String updatedBy,
        OffsetDateTime updatedAt) {

    public static final int VERSION = 1;
    public static final String GLOBAL = "global";

    public FlagUpdate {
        Require.text(scope, "scope");
        if (slmCanaryPercent != null && (slmCanaryPercent < 0 || slmCanaryPercent > 100)) {
            throw new IllegalArgumentException("slm_canary_percent must be within [0,100], was " + slmCanaryPercent);
        }
    }
}
