package dev.pulpo.gateway.channel.twilio;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How Twilio's webhooks are checked, bound from {@code pulpo.twilio.*} (environment: TWILIO_AUTH_TOKEN,
 * PUBLIC_BASE_URL, PULPO_TWILIO_SIGNATURE_CHECK).
 *
 * @param authToken      the key of {@code X-Twilio-Signature}; without it every signed webhook is refused
 * @param publicBaseUrl  the scheme, host and any path prefix Twilio calls (behind a proxy the gateway
 *                       cannot see it); empty: the URL the request reached the gateway with
 * @param signatureCheck false only for local use: anyone can then post as Twilio
 */
@ConfigurationProperties("pulpo.twilio")
public record TwilioSettings(String authToken, String publicBaseUrl, Boolean signatureCheck) {
    public TwilioSettings {
        authToken = authToken == null || authToken.isBlank() ? null : authToken;
        publicBaseUrl = publicBaseUrl == null || publicBaseUrl.isBlank() ? null
                : publicBaseUrl.strip().replaceFirst("/+$", "");
        signatureCheck = signatureCheck == null || signatureCheck;
    }
}
