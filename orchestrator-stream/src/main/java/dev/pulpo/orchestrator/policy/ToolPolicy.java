package dev.pulpo.orchestrator.policy;

import dev.pulpo.orchestrator.dialogue.PlannedCall;
import dev.pulpo.schemas.event.Workspace;
import java.util.ArrayList;
import dev.pulpo.schemas.event.ToolSpec;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Looks at every call before it leaves, on both routes: the tool must be in the workspace's manifest, its
 * arguments must validate against the tool's JSON Schema, and a turn makes at most
 * {@code max_actions_per_turn} calls. A denied call never reaches {@code tool-calls}.
 */
@Component
public class ToolPolicy {
    private final ArgumentSchemas schemas;

    public ToolPolicy(ArgumentSchemas schemas) {
        this.schemas = schemas;
    }

    /**
     * @param alreadyMade calls the turn made in earlier rounds; they count against the limit
     */
    public List<Verdict> check(List<PlannedCall> calls, int alreadyMade, Workspace workspace) {
        List<Verdict> verdicts = new ArrayList<>(calls.size());
        int made = alreadyMade;
        int limit = workspace.policy().maxActionsPerTurn();
        for (PlannedCall call : calls) {
            Optional<ToolSpec> spec = workspace.tool(call.tool());
            List<String> invalid = spec.map(s -> schemas.errors(s.argsSchema(), call.args())).orElse(List.of());
            if (spec.isEmpty()) {
                verdicts.add(Verdict.deny(call, Verdict.UNKNOWN_TOOL,
                        "tool " + call.tool() + " is not in the manifest of workspace " + workspace.workspaceId()));
            } else if (!invalid.isEmpty()) {
                verdicts.add(Verdict.deny(call, Verdict.INVALID_ARGS,
                        "arguments of " + call.tool() + " break its schema: " + String.join("; ", invalid)));
            } else if (made >= limit) {
                verdicts.add(Verdict.deny(call, Verdict.TOO_MANY_ACTIONS,
                        "the turn already made " + made + " calls; max_actions_per_turn is " + limit));
            } else {
                verdicts.add(Verdict.allow(call));
                made++;
            }
        }
        return verdicts;
    }
}
