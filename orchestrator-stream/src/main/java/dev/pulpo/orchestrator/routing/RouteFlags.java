package dev.pulpo.orchestrator.routing;

import dev.pulpo.schemas.event.FlagUpdate;

/**
 * The routing flags in force for one workspace: its own scope's, else the global scope's (both from
 * {@code orchestrator-control}), else the environment's.
 *
 * @param enabledBy the scope whose {@code enable_slm_pipeline} is in force ({@code global} when it comes from
 *                  the environment): the scope an automatic rollback switches off
 */
public record RouteFlags(boolean enableSlmPipeline, int slmCanaryPercent, String enabledBy) {

    public static RouteFlags resolve(boolean envEnabled, int envPercent, FlagUpdate global, FlagUpdate workspace) {
        Boolean enabled = envEnabled;
        String enabledBy = FlagUpdate.GLOBAL;
        if (global != null && global.enableSlmPipeline() != null) {
            enabled = global.enableSlmPipeline();
        }
        if (workspace != null && workspace.enableSlmPipeline() != null) {
            enabled = workspace.enableSlmPipeline();
            enabledBy = workspace.scope();
        }
        int percent = envPercent;
        if (global != null && global.slmCanaryPercent() != null) {
            percent = global.slmCanaryPercent();
        }
        if (workspace != null && workspace.slmCanaryPercent() != null) {
            percent = workspace.slmCanaryPercent();
        }
        return new RouteFlags(enabled, percent, enabledBy);
    }
}
