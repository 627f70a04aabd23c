package dev.pulpo.orchestrator.dialogue;

import dev.pulpo.schemas.event.InboundSnapshot;
import dev.pulpo.schemas.event.Media;
import dev.pulpo.schemas.serde.EventMapper;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * How much of what comes in a conversation's state keeps, so that no input, however large or however many,
 * makes the state (one record of the {@code conversations} store and of its changelog) grow without bound. Each
 * bound applies where the data enters the state; what a bound drops is logged where it is dropped.
 *
 * <p>The settings (bound from {@code pulpo.orchestrator.limits.*}, environment {@code PULPO_*}):
 *
 * @param dedupeMaxIds        channel message ids a conversation remembers, newest kept, so a redelivered message
 *                            gives one turn
 * @param dedupeWindow        how long (on the turn's clock) a message id is remembered
 * @param maxQueuedMessages   messages that may wait behind a turn in flight; past it the message is dropped, and
 *                            the customer is told, once, to wait a moment
 * @param maxQueuedBytes      the same, in bytes of the waiting messages as stored (JSON)
 * @param maxToolResultBytes  a tool result larger than this (as JSON) is kept as a failed result
 * @param maxModelAnswerChars a model's answer longer than this is not used (invalid output)
 * @param maxReplyChars       any reply the assistant sends or keeps is cut to this many characters
 * @param handoffTurns        the latest messages of both sides kept for whoever takes over after a handoff
 * @param maxHandoffTurnChars each of those messages is cut to this many characters
 */
public record StateLimits(
        int dedupeMaxIds,
        Duration dedupeWindow,
        int maxQueuedMessages,
        int maxQueuedBytes,
        int maxToolResultBytes,
        int maxModelAnswerChars,
        int maxReplyChars,
        int handoffTurns,
        int maxHandoffTurnChars) {

    /** A message's text as the gateway lets it in (WhatsApp's limit), in characters (code points). */
    public static final int MAX_TEXT_CHARS = 4096;
    /** A customer's display name, as the gateway lets it in. */
    public static final int MAX_PROFILE_NAME_CHARS = 128;
    /** Ids the state keeps as given (a snapshot's, a booking's); longer ones are not ids any way in writes. */
    public static final int MAX_ID_CHARS = 128;
    /** Phone numbers: E.164 is at most 16 characters; {@code whatsapp:} and the like fit too. */
    public static final int MAX_PHONE_CHARS = 32;
    /** Attachments a message keeps (Twilio's most per message), with their URL and content type cut. */
    public static final int MAX_MEDIA = 10;
    public static final int MAX_MEDIA_URL_CHARS = 256;
    public static final int MAX_CONTENT_TYPE_CHARS = 64;
    /** Why a call was denied or failed, as a decision reports it. */
    public static final int MAX_REASON_CHARS = 500;

    private static final String ELLIPSIS = "…";
    private static final JsonMapper JSON = EventMapper.create();

    public StateLimits {
        dedupeMaxIds = dedupeMaxIds <= 0 ? 64 : dedupeMaxIds;
        dedupeWindow = dedupeWindow == null || dedupeWindow.isNegative() || dedupeWindow.isZero()
                ? Duration.ofHours(24) : dedupeWindow;
        maxQueuedMessages = maxQueuedMessages <= 0 ? 10 : maxQueuedMessages;
        maxQueuedBytes = maxQueuedBytes <= 0 ? 32 * 1024 : maxQueuedBytes;
        maxToolResultBytes = maxToolResultBytes <= 0 ? 16 * 1024 : maxToolResultBytes;
        maxModelAnswerChars = maxModelAnswerChars <= 0 ? 8 * 1024 : maxModelAnswerChars;
        maxReplyChars = maxReplyChars <= 0 ? 1600 : maxReplyChars;
        handoffTurns = handoffTurns <= 0 ? 10 : handoffTurns;
        maxHandoffTurnChars = maxHandoffTurnChars <= 0 ? 500 : maxHandoffTurnChars;
    }

    public static StateLimits defaults() {
        return new StateLimits(0, null, 0, 0, 0, 0, 0, 0, 0);
    }

    /**
     * The snapshot as the state keeps it (waiting in the queue, or as the turn in flight): its text and profile
     * name as the gateway would let them in, its message id as the dedupe key, at most {@value #MAX_MEDIA}
     * attachments with their fields cut, and {@code reply_via} one of its two values. Its ids and phones are
     * checked before (see {@link #identityProblem}); an ordinary snapshot comes out equal.
     */
    public static InboundSnapshot bounded(InboundSnapshot s) {
        List<Media> media = s.media().size() <= MAX_MEDIA ? s.media() : s.media().subList(0, MAX_MEDIA);
        media = media.stream().map(m -> fits(m.url(), MAX_MEDIA_URL_CHARS)
                && (m.contentType() == null || fits(m.contentType(), MAX_CONTENT_TYPE_CHARS)) ? m
                : new Media(clip(m.url(), MAX_MEDIA_URL_CHARS), clip(m.contentType(), MAX_CONTENT_TYPE_CHARS)))
                .toList();
        return new InboundSnapshot(s.schemaVersion(), s.snapshotId(), s.conversationId(), s.workspaceId(),
                s.userPhone(), s.channel(), SeenMessage.keyOf(s.messageId()), clip(s.text(), MAX_TEXT_CHARS), media,
                clip(s.profileName(), MAX_PROFILE_NAME_CHARS), s.businessPhone(),
                s.repliesThroughTwilio() ? InboundSnapshot.REPLY_VIA_TWILIO : InboundSnapshot.REPLY_VIA_NONE,
                s.receivedAt(), s.rateLimited());
    }

    /**
     * Why a snapshot cannot be taken at all, or null: an id or a phone number far longer than any way in writes.
     * These are not cut, because they name the message and its customer (a cut id would answer the wrong one).
     */
    public static String identityProblem(InboundSnapshot s) {
        if (!fits(s.snapshotId(), MAX_ID_CHARS)) {
            return "snapshot_id is longer than " + MAX_ID_CHARS + " characters";
        }
        if (!fits(s.conversationId(), MAX_ID_CHARS + MAX_PHONE_CHARS + 1)) {
            return "conversation_id is longer than " + (MAX_ID_CHARS + MAX_PHONE_CHARS + 1) + " characters";
        }
        if (!fits(s.userPhone(), MAX_PHONE_CHARS)) {
            return "user_phone is longer than " + MAX_PHONE_CHARS + " characters";
        }
        if (s.businessPhone() != null && !fits(s.businessPhone(), MAX_PHONE_CHARS)) {
            return "business_phone is longer than " + MAX_PHONE_CHARS + " characters";
        }
        return null;
    }

    /** A reply the assistant sends and keeps, cut to {@link #maxReplyChars}. */
    public String reply(String text) {
        return clip(text, maxReplyChars);
    }

    /**
     * {@code text} when it has at most {@code max} characters (code points), else its first {@code max - 1} and
     * an ellipsis; never a lone half of a surrogate pair. Null stays null.
     */
    public static String clip(String text, int max) {
        if (text == null || fits(text, max)) {
            return text;
        }
        int end = text.offsetByCodePoints(0, Math.max(0, max - 1));
        return text.substring(0, end) + ELLIPSIS;
    }

    static boolean fits(String text, int maxCodePoints) {
        // length() counts UTF-16 units, never fewer than code points: the exact count only when it may matter.
        return text.length() <= maxCodePoints || text.codePointCount(0, text.length()) <= maxCodePoints;
    }

    /** The size of {@code value} as the state stores it (JSON, UTF-8). */
    public static int jsonBytes(Object value) {
        return JSON.writeValueAsBytes(value).length;
    }
}
