package dev.pulpo.outbound.send;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Twilio's credentials and where to reach it; without credentials, replies are printed and recorded as
 * {@code dry_run}.
 *
 * @param apiBaseUrl    scheme and host the SDK's requests go to ({@code TWILIO_API_BASE_URL}); its paths are kept
 * @param publicBaseUrl the gateway's public URL ({@code PUBLIC_BASE_URL}); when set, every message asks Twilio
 *                      for delivery callbacks at {@code /webhook/pulpo/twilio/status} there
 */
@ConfigurationProperties("pulpo.twilio")
public record TwilioSettings(String accountSid, String authToken, String apiBaseUrl, String publicBaseUrl) {
    public boolean configured() {
        return accountSid != null && !accountSid.isBlank() && authToken != null && !authToken.isBlank();
    }
}
