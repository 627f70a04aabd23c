package dev.pulpo.gateway.outbound;

import dev.pulpo.gateway.web.Phones;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.pulpo.schemas.event.OutboundStatus;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * What {@code GET /outbound/{id}/status} answers: the message's furthest status and every status recorded,
 * without the conversation id (it holds the customer's number).
 */
public record OutboundStatusReport(String outboundId, String workspaceId, String status, List<Entry> history) {

    /** Twilio's callbacks can arrive out of order (delivered before sent): the furthest one is the status. */
    private static final Map<String, Integer> PROGRESS = Map.ofEntries(Map.entry("retrying", 0),
            Map.entry("dry_run", 1), Map.entry("queued", 1), Map.entry("sending", 2), Map.entry("sent", 3),
            Map.entry("delivered", 4), Map.entry("read", 5), Map.entry("undelivered", 6), Map.entry("failed", 6),
            Map.entry("dead_lettered", 6));

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(String status, String providerId, int attempt, String error, OffsetDateTime at) {
    }

    static OutboundStatusReport of(String outboundId, List<OutboundStatus> statuses) {
        OutboundStatus furthest = statuses.getFirst();
        for (OutboundStatus s : statuses) {
            if (PROGRESS.getOrDefault(s.status(), 0) >= PROGRESS.getOrDefault(furthest.status(), 0)) {
                furthest = s;
            }
        }
        return new OutboundStatusReport(outboundId, furthest.workspaceId(), furthest.status(), statuses.stream()
                .map(s -> new Entry(s.status(), s.providerId(), s.attempt(), Phones.redact(s.error()), s.at())).toList());
    }
}
