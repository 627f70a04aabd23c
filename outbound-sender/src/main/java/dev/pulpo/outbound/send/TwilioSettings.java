package dev.pulpo.outbound.send;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Twilio's credentials; without them, replies are printed and recorded as {@code dry_run}. */
@ConfigurationProperties("pulpo.twilio")
public record TwilioSettings(String accountSid, String authToken, String apiBaseUrl) {
    public boolean configured() {
        return accountSid != null && !accountSid.isBlank() && authToken != null && !authToken.isBlank();
    }
}
