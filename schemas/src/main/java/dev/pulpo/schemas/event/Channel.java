package dev.pulpo.schemas.event;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a customer's message came from; the only thing the rest of the system knows about channels. */
public enum Channel {
    @JsonProperty("twilio") TWILIO,
    @JsonProperty("api") API,
    @JsonProperty("chat") CHAT,
    @JsonProperty("n8n") N8N;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
