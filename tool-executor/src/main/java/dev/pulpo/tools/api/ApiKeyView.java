package dev.pulpo.tools.api;

import dev.pulpo.kafka.TopicFollower;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.ApiKey;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/** The callers' keys (hashed), from the compacted {@code api-keys} topic, as the gateway knows them. */
@Component
class ApiKeyView implements SmartLifecycle {
    private final Map<String, ApiKey> byId = new ConcurrentHashMap<>();
    private final TopicFollower<ApiKey> follower;
    private volatile boolean running;

    ApiKeyView(KafkaProperties kafka) {
        this.follower = new TopicFollower<>(Topics.API_KEYS, kafka.buildConsumerProperties(),
                TopicFollower.From.BEGINNING, (keyId, key, readAtNanos) -> {
                    if (key == null) {
                        byId.remove(keyId);
                    } else {
                        byId.put(keyId, key);
                    }
                });
    }

    /** The valid key that {@code presented} is: unknown, malformed, forged and revoked keys are empty. */
    Optional<ApiKey> authenticate(String presented) {
        return ApiKey.idOf(presented).map(byId::get).filter(key -> key.opens(presented));
    }

    @Override
    public void start() {
        // Not held up: an appointments read before the keys are loaded is refused, never let through.
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

    boolean awaitLoaded(Duration timeout) throws InterruptedException {
        return follower.awaitCaughtUp(timeout);
    }
}
