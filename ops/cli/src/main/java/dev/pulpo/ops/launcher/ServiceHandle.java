package dev.pulpo.ops.launcher;

import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/** One of the four services, running in this JVM. */
public record ServiceHandle(String name, ConfigurableApplicationContext context) {
    private static final Logger log = LoggerFactory.getLogger(ServiceHandle.class);
    private static final Duration REPORT_EVERY = Duration.ofSeconds(10);

    /**
     * Waits until the service's Kafka Streams (if it has one) processes records, saying every few seconds what it
     * waits for. After a crash (a SIGKILL, a power cut) this is mostly the stopped run's open transactions, which
     * hold back the committed offsets until the broker aborts them: part of starting, not a reason to give up.
     */
    public void awaitRunning(Duration timeout) throws InterruptedException {
        var factories = context.getBeansOfType(StreamsBuilderFactoryBean.class);
        Instant started = Instant.now();
        Instant until = started.plus(timeout);
        Instant nextReport = started.plus(REPORT_EVERY);
        for (StreamsBuilderFactoryBean factory : factories.values()) {
            while (true) {
                KafkaStreams streams = factory.getKafkaStreams();
                KafkaStreams.State state = streams == null ? null : streams.state();
                if (state == KafkaStreams.State.RUNNING) {
                    break;
                }
                Instant now = Instant.now();
                if (state == KafkaStreams.State.ERROR || now.isAfter(until)) {
                    throw new IllegalStateException(name + " did not start within " + timeout.toSeconds()
                            + " s: Kafka Streams is " + state);
                }
                if (now.isAfter(nextReport)) {
                    log.warn("still starting {}: Kafka Streams is {} after {} s; after a crash it first waits for "
                            + "the stopped run's open transactions to be aborted (their transaction timeout)", name,
                            state, Duration.between(started, now).toSeconds());
                    nextReport = now.plus(REPORT_EVERY);
                }
                Thread.sleep(100);
            }
        }
    }

    public void stop() {
        context.close();
    }
}
