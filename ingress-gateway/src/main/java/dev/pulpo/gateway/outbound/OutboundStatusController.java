package dev.pulpo.gateway.outbound;

import dev.pulpo.gateway.auth.Caller;
import dev.pulpo.gateway.web.BadRequestException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /outbound/{outbound_id}/status}: one reply's send attempts and Twilio delivery statuses. */
@RestController
public class OutboundStatusController {
    private final OutboundStatusView view;

    public OutboundStatusController(OutboundStatusView view) {
        this.view = view;
    }

    @GetMapping("/outbound/{outboundId}/status")
    public OutboundStatusReport status(@PathVariable String outboundId,
            @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        OutboundStatusReport report = view.statuses(outboundId).filter(s -> !s.isEmpty())
                .map(statuses -> OutboundStatusReport.of(outboundId, statuses))
                .orElseThrow(() -> new BadRequestException(HttpStatus.NOT_FOUND,
                        "no status recorded for outbound message " + outboundId, "outbound_id"));
        caller.requireAccessTo(report.workspaceId(), "outbound_id");
        return report;
    }
}
