package dev.pulpo.gateway.admin;

import dev.pulpo.ops.broker.LocalKafka;
import java.nio.file.Path;
import java.util.UUID;

/** One in-process KRaft broker for the admin tests of this JVM, started on first use and stopped at exit. */
final class SharedKafka {
    private static LocalKafka kafka;

    private SharedKafka() {
    }

    static synchronized String bootstrapServers() {
        if (kafka == null) {
            kafka = new LocalKafka(Path.of("target", "kafka-admin-" + UUID.randomUUID()), 0).start();
            LocalKafka started = kafka;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "admin-tests-kafka-stop"));
        }
        return kafka.bootstrapServers();
    }
}
