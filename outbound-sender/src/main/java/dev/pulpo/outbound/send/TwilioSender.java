package dev.pulpo.outbound.send;

import com.twilio.base.TwilioResponse;
import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.exception.TwilioException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.type.PhoneNumber;
import dev.pulpo.schemas.event.OutboundMessage;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Sends through Twilio's Messages API with the official SDK, from the workspace's WhatsApp number to the
 * customer, and sorts Twilio's answer into taken, worth retrying, or refused for good.
 */
public final class TwilioSender implements ReplySender {
    /** The gateway's endpoint for Twilio's delivery callbacks; it reads {@code outbound_id} and {@code conversation_id}. */
    public static final String STATUS_CALLBACK_PATH = "/webhook/pulpo/twilio/status";
    private static final String WHATSAPP = "whatsapp:";
    /** Twilio's answers to a create that the outbound-status schema names; others are recorded as queued. */
    private static final Set<String> RECORDED_STATUSES = Set.of("queued", "sending", "sent", "delivered", "read",
            "failed", "undelivered");

    private final TwilioRestClient client;
    private final String publicBaseUrl;

    public TwilioSender(TwilioSettings settings, SendSettings sending) {
        this(new TwilioRestClient.Builder(settings.accountSid(), settings.authToken())
                .httpClient(new TwilioHttpClient(settings.apiBaseUrl(), sending.requestTimeout()))
                .build(), settings.publicBaseUrl());
    }

    TwilioSender(TwilioRestClient client, String publicBaseUrl) {
        this.client = client;
        this.publicBaseUrl = publicBaseUrl == null || publicBaseUrl.isBlank() ? null
                : publicBaseUrl.replaceAll("/+$", "");
    }

    @Override
    public SendResult send(OutgoingPart part) {
        OutboundMessage message = part.message();
        if (message.from() == null || message.from().isBlank()) {
            return new SendResult.Rejected("no WhatsApp number to send from: the outbound message has no 'from'");
        }
        MessageCreator creator = Message.creator(whatsapp(message.to()), whatsapp(message.from()), part.body());
        if (publicBaseUrl != null) {
            creator.setStatusCallback(statusCallback(part));
        }
        try {
            TwilioResponse<Message> answer = creator.createWithResponse(client);
            Message sent = answer.getContent();
            return new SendResult.Accepted(sent.getSid(), recorded(sent.getStatus()));
        } catch (TwilioHttpClient.Unavailable e) {
            return new SendResult.Retryable(e.getMessage(), e.retryAfter());
        } catch (TwilioHttpClient.NoAnswer e) {
            return new SendResult.Retryable(e.getMessage(), null);
        } catch (ApiConnectionException e) {
            // Twilio answered 2xx but its answer could not be read: the message went out, so it must not be retried.
            return new SendResult.Rejected("Twilio took the message but its answer could not be read (it was "
                    + "probably sent; do not replay it blindly): " + e.getMessage());
        } catch (ApiException e) {
            return new SendResult.Rejected(describe(e));
        } catch (TwilioException e) {
            // The SDK's other refusals (a certificate or credentials it will not use) do not heal by retrying.
            return new SendResult.Rejected("the Twilio SDK refused to send: " + e.getMessage());
        }
    }

    @Override
    public boolean dryRun() {
        return false;
    }

    /**
     * Where Twilio posts this part's delivery statuses: the gateway, with the ids it needs to record them
     * on {@code outbound-status} under the right key.
     */
    URI statusCallback(OutgoingPart part) {
        return URI.create(publicBaseUrl + STATUS_CALLBACK_PATH
                + "?outbound_id=" + URLEncoder.encode(part.partId(), StandardCharsets.UTF_8)
                + "&conversation_id=" + URLEncoder.encode(part.message().conversationId(), StandardCharsets.UTF_8));
    }

    private static PhoneNumber whatsapp(String number) {
        return new PhoneNumber(number.startsWith(WHATSAPP) ? number : WHATSAPP + number);
    }

    private static String recorded(Message.Status status) {
        String value = status == null ? "queued" : status.toString();
        return RECORDED_STATUSES.contains(value) ? value : "queued";
    }

    /** "HTTP 400, Twilio error 21211: The 'To' number ... (https://www.twilio.com/docs/errors/21211)". */
    static String describe(ApiException e) {
        StringBuilder reason = new StringBuilder("Twilio refused the message");
        if (e.getStatusCode() != null) {
            reason.append(": HTTP ").append(e.getStatusCode());
        }
        if (e.getCode() != null) {
            reason.append(", Twilio error ").append(e.getCode());
        }
        if (e.getMessage() != null) {
            reason.append(": ").append(e.getMessage());
        }
        if (e.getMoreInfo() != null) {
            reason.append(" (").append(e.getMoreInfo()).append(')');
        }
        return reason.toString();
    }
}
