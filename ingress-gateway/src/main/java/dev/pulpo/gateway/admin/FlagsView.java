package dev.pulpo.gateway.admin;

import dev.pulpo.gateway.kafka.TopicFollower;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.FlagUpdate;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The gateway's local view of the compacted {@code orchestrator-control} topic: the latest flags of every scope,
 * as the orchestrator sees them.
 */
@Component
public class FlagsView implements SmartLifecycle {
    private static final Duration CATCH_UP = Duration.ofSeconds(60);

    private static final Logger log = LoggerFactory.getLogger(FlagsView.class);

    private final Map<String, FlagUpdate> byScope = new ConcurrentHashMap<>();
    private final TopicFollower<FlagUpdate> follower;
    private volatile boolean running;

    public FlagsView(KafkaProperties kafka) {
        this.follower = new TopicFollower<>(Topics.ORCHESTRATOR_CONTROL, kafka.buildConsumerProperties(), true,
                this::apply);
    }

    public Optional<FlagUpdate> find(String scope) {
        return Optional.ofNullable(byScope.get(scope));
    }

    /** Every scope with flags, {@code global} first, then workspaces by id. */
    public List<FlagUpdate> all() {
        return byScope.values().stream()
                .sorted(Comparator.comparing((FlagUpdate f) -> !FlagUpdate.GLOBAL.equals(f.scope()))
                        .thenComparing(FlagUpdate::scope))
                .toList();
    }

    private void apply(String scope, FlagUpdate flags) {
        if (scope == null) {
            return;
        }
        if (flags == null) {
            byScope.remove(scope);
        } else {
            byScope.put(scope, flags);
            log.info("flags scope={} enable_slm_pipeline={} slm_canary_percent={}", scope, flags.enableSlmPipeline(),
                    flags.slmCanaryPercent());
        }
    }

    @Override
    public void start() {
        follower.startAndCatchUp(CATCH_UP);
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

    @Override
    public int getPhase() {
        return 0;
    }
}
