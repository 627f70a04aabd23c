package dev.pulpo.gateway.outbound;

import dev.pulpo.gateway.GatewaySettings;
import dev.pulpo.gateway.kafka.TopicFollower;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.OutboundStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The gateway's local view of {@code outbound-status}, read from the beginning: the statuses of the last
 * {@code pulpo.gateway.outbound-status-view-size} outbound messages, so one message's delivery can be read
 * by its outbound id. Bounded: the oldest message is forgotten first. It does not hold up the start, and
 * lags the topic by a poll.
 */
@Component
public class OutboundStatusView implements SmartLifecycle {
    /** Statuses kept per message; Twilio sends a handful (queued, sent, delivered, read). */
    private static final int MAX_PER_MESSAGE = 32;

    private final Map<String, List<OutboundStatus>> byOutboundId;
    private final TopicFollower<OutboundStatus> follower;
    private volatile boolean running;

    public OutboundStatusView(KafkaProperties kafka, GatewaySettings settings) {
        int capacity = settings.outboundStatusViewSize();
        this.byOutboundId = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, List<OutboundStatus>> eldest) {
                return size() > capacity;
            }
        };
        this.follower = new TopicFollower<>(Topics.OUTBOUND_STATUS, kafka.buildConsumerProperties(), true,
                (conversationId, status) -> record(status));
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

    @Override
    public void start() {
        follower.start();
        running = true;
    }

    @Override
    public void stop() {
        follower.close();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
