package dev.pulpo.gateway.admin;

import dev.pulpo.gateway.kafka.BrokerUnavailableException;
import dev.pulpo.gateway.web.Futures;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.RecordMetadata;

/** An admin change is answered only once Kafka stored it (acks=all); a broker that does not is a 503. */
final class Acks {
    static final Duration TIMEOUT = Duration.ofSeconds(15);

    private Acks() {
    }

    static RecordMetadata await(String topic, CompletableFuture<RecordMetadata> sent) {
        try {
            return sent.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable failure = Futures.cause(e);
            if (failure instanceof BrokerUnavailableException unavailable) {
                throw unavailable;
            }
            throw new BrokerUnavailableException(topic, failure);
        } catch (TimeoutException e) {
            throw new BrokerUnavailableException(topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailableException(topic, e);
        }
    }
}
