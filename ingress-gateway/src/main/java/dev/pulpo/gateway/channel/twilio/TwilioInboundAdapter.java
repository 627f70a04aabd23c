package dev.pulpo.gateway.channel.twilio;

import dev.pulpo.gateway.channel.ChannelAdapter;
import dev.pulpo.gateway.channel.FieldLimits;
import dev.pulpo.gateway.channel.InboundWorkspaces;
import dev.pulpo.gateway.channel.MessageText;
import dev.pulpo.gateway.web.BadRequestException;
import dev.pulpo.gateway.web.Phones;
import dev.pulpo.schemas.event.Channel;
import dev.pulpo.schemas.event.ConversationId;
import dev.pulpo.schemas.event.InboundSnapshot;
import dev.pulpo.schemas.event.Media;
import dev.pulpo.schemas.event.TurnIds;
import dev.pulpo.schemas.event.Workspace;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * A WhatsApp message as Twilio posts it (already signature-checked) → a snapshot that replies through
 * Twilio. The workspace is the one owning {@code To}; {@code MessageSid} is the message id, so Twilio's
 * retries of one message give one turn (the orchestrator drops an id it has seen).
 */
@Component
public class TwilioInboundAdapter implements ChannelAdapter<Map<String, String>> {
    /** Twilio's limit on media per message. */
    static final int MAX_MEDIA = 10;

    private final InboundWorkspaces workspaces;
    private final Clock clock;

    public TwilioInboundAdapter(InboundWorkspaces workspaces) {
        this.workspaces = workspaces;
        this.clock = Clock.systemUTC();
    }

    @Override
    public InboundSnapshot toSnapshot(Map<String, String> form) {
        String messageSid = FieldLimits.messageId(required(form, "MessageSid"), "MessageSid");
        String customer = number(form, "From");
        String business = number(form, "To");
        Workspace workspace = workspaces.byBusinessPhone(business, "To");
        String text = MessageText.bounded(form.getOrDefault("Body", ""), "Body");
        String profileName = FieldLimits.profileName(form.get("ProfileName"), "ProfileName");
        String conversationId = ConversationId.of(workspace.workspaceId(), customer);
        return new InboundSnapshot(InboundSnapshot.VERSION, TurnIds.snapshotId(conversationId, messageSid),
                conversationId, workspace.workspaceId(), customer,
                Channel.TWILIO, messageSid, text, media(form), profileName, business,
                InboundSnapshot.REPLY_VIA_TWILIO, OffsetDateTime.now(clock));
    }

    /** {@code MediaUrl0..N-1} with their {@code MediaContentType}, N being {@code NumMedia}. */
    private static List<Media> media(Map<String, String> form) {
        String raw = form.get("NumMedia");
        int count;
        try {
            count = raw == null || raw.isBlank() ? 0 : Integer.parseInt(raw.strip());
        } catch (NumberFormatException e) {
            count = -1;
        }
        if (count < 0 || count > MAX_MEDIA) {
            throw new BadRequestException(HttpStatus.BAD_REQUEST,
                    "'NumMedia' must be a number from 0 to " + MAX_MEDIA, "NumMedia");
        }
        List<Media> media = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String contentType = form.get("MediaContentType" + i);
            media.add(new Media(required(form, "MediaUrl" + i),
                    contentType == null || contentType.isBlank() ? null : contentType));
        }
        return media;
    }

    /**
     * {@code whatsapp:+E164} as E.164. A hand-made post ({@code curl -d 'From=whatsapp:+549...'}) leaves the
     * '+' unencoded, and it arrives as a space; Twilio's own posts encode it.
     */
    private static String number(Map<String, String> form, String field) {
        String raw = form.get(field);
        String unprefixed = raw == null ? null : raw.strip().replaceFirst("^whatsapp:", "");
        if (unprefixed != null && unprefixed.startsWith(" ")) {
            unprefixed = "+" + unprefixed.strip();
        }
        return Phones.requireE164(unprefixed, field);
    }

    static String required(Map<String, String> form, String field) {
        String value = form.get(field);
        if (value == null || value.isBlank()) {
            throw BadRequestException.missing(field);
        }
        return value.strip();
    }
}
