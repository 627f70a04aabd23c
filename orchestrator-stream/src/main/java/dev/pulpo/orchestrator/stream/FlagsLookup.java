package dev.pulpo.orchestrator.stream;

import dev.pulpo.orchestrator.routing.RouteFlags;
import dev.pulpo.schemas.event.FlagUpdate;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueStore;

/** The routing flags in force for a workspace, from the global {@code orchestrator-flags} store over the environment. */
final class FlagsLookup {
    private final KeyValueStore<String, FlagUpdate> store;
    private final boolean envEnabled;
    private final int envPercent;

    private FlagsLookup(KeyValueStore<String, FlagUpdate> store, boolean envEnabled, int envPercent) {
        this.store = store;
        this.envEnabled = envEnabled;
        this.envPercent = envPercent;
    }

    RouteFlags forWorkspace(String workspaceId) {
        return RouteFlags.resolve(envEnabled, envPercent, store.get(FlagUpdate.GLOBAL), store.get(workspaceId));
    }

    /** The scope's latest record, or null. */
    FlagUpdate scope(String scope) {
        return store.get(scope);
    }

    /** Opens a lookup on a processor's context; the environment's flags are the fallback of every scope. */
    record Factory(boolean envEnabled, int envPercent) {
        FlagsLookup open(ProcessingContext context) {
            return new FlagsLookup(context.getStateStore(OrchestratorTopology.FLAGS_STORE), envEnabled, envPercent);
        }
    }
}
