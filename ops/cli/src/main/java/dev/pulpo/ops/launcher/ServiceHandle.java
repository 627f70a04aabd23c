package dev.pulpo.ops.launcher;

import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.KafkaStreams;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/** One of the four services, running in this JVM. */
public record ServiceHandle(String name, ConfigurableApplicationContext context) {

    /** Waits until the service's Kafka Streams (if it has one) processes records. */
    public void awaitRunning(Duration timeout) throws InterruptedException {
        var factories = context.getBeansOfType(StreamsBuilderFactoryBean.class);
        Instant until = Instant.now().plus(timeout);
        for (StreamsBuilderFactoryBean factory : factories.values()) {
            while (true) {
                KafkaStreams streams = factory.getKafkaStreams();
                KafkaStreams.State state = streams == null ? null : streams.state();
                if (state == KafkaStreams.State.RUNNING) {
                    break;
                }
                if (state == KafkaStreams.State.ERROR || Instant.now().isAfter(until)) {
                    throw new IllegalStateException(name + " did not start: Kafka Streams is " + state);
                }
                Thread.sleep(100);
            }
        }
    }

    public void stop() {
        context.close();
    }
}
