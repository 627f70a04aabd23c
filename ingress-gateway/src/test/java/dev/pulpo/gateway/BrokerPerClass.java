package dev.pulpo.gateway;

import dev.pulpo.ops.broker.LocalKafka;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One in-process KRaft broker per test class (STYLE.md): started when the class's Spring context first asks
 * where Kafka is, stopped after the class. Register it as a static {@code @RegisterExtension} field and hand
 * {@link #bootstrapServers} to {@code spring.kafka.bootstrap-servers} in a {@code @DynamicPropertySource}.
 */
public final class BrokerPerClass implements AfterAllCallback {
    private final LocalKafka kafka = new LocalKafka(Path.of("target", "kafka-" + UUID.randomUUID()), 0);
    private boolean started;

    public synchronized String bootstrapServers() {
        if (!started) {
            kafka.start();
            started = true;
        }
        return kafka.bootstrapServers();
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (started) {
            kafka.close();
        }
    }
}
