package dev.pulpo.gateway.outbound;

import dev.pulpo.gateway.GatewaySettings;
import dev.pulpo.gateway.kafka.TopicView;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.OutboundStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * The gateway's local view of {@code outbound-status}, read from the beginning: the statuses of the last
 * {@code pulpo.gateway.outbound-status-view-size} outbound messages, so one message's delivery can be read
 * by its outbound id. Bounded: the oldest message is forgotten first. It does not hold up the start, and
 * lags the topic by a poll.
 */
@Component
public class OutboundStatusView extends TopicView<OutboundStatus> {
    /** Statuses kept per message; Twilio sends a handful (queued, sent, delivered, read). */
    private static final int MAX_PER_MESSAGE = 32;

    private final Map<String, List<OutboundStatus>> byOutboundId;

    public OutboundStatusView(KafkaProperties kafka, GatewaySettings settings) {
        super(Topics.OUTBOUND_STATUS, kafka.buildConsumerProperties(), true, false);
        int capacity = settings.outboundStatusViewSize();
        this.byOutboundId = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, List<OutboundStatus>> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    protected void apply(String conversationId, OutboundStatus status) {
        record(status);
    }

    /** The statuses of one outbound message in the order they were recorded; empty when unknown. */
    public Optional<List<OutboundStatus>> statuses(String outboundId) {
        synchronized (byOutboundId) {
            return Optional.ofNullable(byOutboundId.get(outboundId)).map(List::copyOf);
        }
    }

    void record(OutboundStatus status) {
        if (status == null) {
            return;
        }
        synchronized (byOutboundId) {
            // Taken out and put back, so a message that is still changing counts as recent.
            List<OutboundStatus> statuses = byOutboundId.remove(status.outboundId());
            statuses = statuses == null ? new ArrayList<>() : statuses;
            // Twilio retries a callback it got no 2xx for: the same status twice is one.
            boolean repeated = statuses.stream().anyMatch(s -> s.status().equals(status.status())
                    && s.attempt() == status.attempt() && java.util.Objects.equals(s.providerId(), status.providerId()));
            if (!repeated) {
                statuses.add(status);
                if (statuses.size() > MAX_PER_MESSAGE) {
                    statuses.removeFirst();
                }
            }
            byOutboundId.put(status.outboundId(), statuses);
        }
    }
}
