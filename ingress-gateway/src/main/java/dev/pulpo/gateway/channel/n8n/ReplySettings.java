package dev.pulpo.gateway.channel.n8n;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Whether a reply asked for with {@code reply_via: twilio} can go out, bound from {@code pulpo.n8n.*}
 * (environment: TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, PULPO_DRY_RUN_REPLIES). The outbound-sender sends with the
 * same credentials; without them it only prints, which a caller must not mistake for a message sent.
 *
 * @param dryRunReplies true where printed replies are what is wanted ({@code ./pulpo up}): the request is
 *                      accepted without credentials
 */
@ConfigurationProperties("pulpo.n8n")
public record ReplySettings(String twilioAccountSid, String twilioAuthToken, Boolean dryRunReplies) {
    public ReplySettings {
        twilioAccountSid = twilioAccountSid == null || twilioAccountSid.isBlank() ? null : twilioAccountSid;
        twilioAuthToken = twilioAuthToken == null || twilioAuthToken.isBlank() ? null : twilioAuthToken;
        dryRunReplies = dryRunReplies != null && dryRunReplies;
    }

    /** True when a reply through Twilio can be sent, or printed on purpose. */
    public boolean twilioReplies() {
        return dryRunReplies || (twilioAccountSid != null && twilioAuthToken != null);
    }

    @Override
    public String toString() {
        return "ReplySettings[twilioAccountSid=" + twilioAccountSid + ", twilioAuthToken="
                + (twilioAuthToken == null ? "unset" : "***") + ", dryRunReplies=" + dryRunReplies + "]";
    }
}
