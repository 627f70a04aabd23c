package dev.pulpo.gateway.auth;

import dev.pulpo.gateway.kafka.TopicView;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.ApiKey;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * The gateway's local view of the compacted {@code api-keys} topic: every instance knows every key (hashed)
 * without a database, and a revocation reaches all of them within a poll.
 */
@Component
public class ApiKeyDirectory extends TopicView<ApiKey> {
    private static final Logger log = LoggerFactory.getLogger(ApiKeyDirectory.class);

    private final Map<String, ApiKey> byId = new ConcurrentHashMap<>();

    public ApiKeyDirectory(KafkaProperties kafka) {
        super(Topics.API_KEYS, kafka.buildConsumerProperties(), true);
    }

    /** The valid key that {@code presented} is, or empty: unknown, malformed, forged or revoked. */
    public Optional<ApiKey> authenticate(String presented) {
        return ApiKey.idOf(presented).map(byId::get).filter(key -> key.opens(presented));
    }

    public Optional<ApiKey> find(String keyId) {
        return Optional.ofNullable(keyId).map(byId::get);
    }

    public Collection<ApiKey> all() {
        return byId.values();
    }

    @Override
    protected void apply(String keyId, ApiKey key) {
        if (key == null) {
            byId.remove(keyId);
            log.info("api key deleted key_id={}", keyId);
        } else {
            byId.put(keyId, key);
            log.info("api key {} key_id={} workspace={}", key.revoked() ? "revoked" : "loaded", keyId,
                    key.workspaceId());
        }
    }
}
