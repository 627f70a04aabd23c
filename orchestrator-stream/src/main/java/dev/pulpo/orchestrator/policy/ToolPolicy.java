package dev.pulpo.orchestrator.policy;

import dev.pulpo.orchestrator.dialogue.PlannedCall;
import dev.pulpo.schemas.event.Workspace;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Looks at every call before it leaves, on both routes: the tool must be in the workspace's manifest, and
 * a turn makes at most {@code max_actions_per_turn} calls. A denied call never reaches {@code tool-calls}.
 */
@Component
public class ToolPolicy {

    /**
     * @param alreadyMade calls the turn made in earlier rounds; they count against the limit
     */
    public List<Verdict> check(List<PlannedCall> calls, int alreadyMade, Workspace workspace) {
        List<Verdict> verdicts = new ArrayList<>(calls.size());
        int made = alreadyMade;
        int limit = workspace.policy().maxActionsPerTurn();
        for (PlannedCall call : calls) {
            if (!workspace.policy().tools().contains(call.tool())) {
                verdicts.add(Verdict.deny(call, Verdict.UNKNOWN_TOOL,
                        "tool " + call.tool() + " is not in the manifest of workspace " + workspace.workspaceId()));
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
