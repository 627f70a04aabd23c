package dev.pulpo.gateway.admin;

import dev.pulpo.gateway.kafka.TopicView;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.FlagUpdate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * The gateway's local view of the compacted {@code orchestrator-control} topic: the latest flags of every scope,
 * as the orchestrator sees them.
 */
@Component
public class FlagsView extends TopicView<FlagUpdate> {
    private static final Logger log = LoggerFactory.getLogger(FlagsView.class);

    private final Map<String, FlagUpdate> byScope = new ConcurrentHashMap<>();

    public FlagsView(KafkaProperties kafka) {
        super(Topics.ORCHESTRATOR_CONTROL, kafka.buildConsumerProperties(), true);
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

    @Override
    protected void apply(String scope, FlagUpdate flags) {
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
}
