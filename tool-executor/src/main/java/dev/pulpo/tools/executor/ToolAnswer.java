package dev.pulpo.tools.executor;

import dev.pulpo.schemas.event.ToolResult;
import java.util.Map;

/** What a tool said, before it becomes a {@link ToolResult}: a status and either a result or an error. */
public record ToolAnswer(String status, Map<String, Object> result, String error) {

    public ToolAnswer {
        result = result == null ? Map.of() : result;
    }

    public static ToolAnswer ok(Map<String, Object> result) {
        return new ToolAnswer(ToolResult.OK, result, null);
    }

    public static ToolAnswer failed(String error) {
        return new ToolAnswer(ToolResult.FAILED, Map.of(), error);
    }

    public static ToolAnswer denied(String error) {
        return new ToolAnswer(ToolResult.DENIED, Map.of(), error);
    }
}
