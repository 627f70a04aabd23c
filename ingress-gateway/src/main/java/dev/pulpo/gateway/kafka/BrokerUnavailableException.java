package dev.pulpo.gateway.kafka;

/** Kafka did not take an event in time: the caller should retry later (503 with Retry-After). */
public class BrokerUnavailableException extends RuntimeException {
    public BrokerUnavailableException(String topic, Throwable cause) {
        super("could not write to " + topic + ": " + cause.getMessage(), cause);
    }
}
