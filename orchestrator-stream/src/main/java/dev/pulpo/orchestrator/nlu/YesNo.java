package dev.pulpo.orchestrator.nlu;

import java.util.Set;

/**
 * Whether a whole message is a plain yes or a plain no, the answers to the dialogue's confirmations.
 *
 * <p>A message is a plain yes when every word is a yes word ("sí", "dale", "ok", "perfecto", "de una") or a filler
 * ("gracias", "por favor", "me sirve"), and at least one is a yes word; likewise for no ("no", "mejor no",
 * "no gracias"). When both kinds appear the first one decides ("no, no me sirve", "sí, no hay problema").
 * "sí, a las 5" is not a plain yes: it carries a correction the dialogue must read.
 */
final class YesNo {

    enum Answer { YES, NO, NEITHER }

    private static final Set<String> YES = Set.of(
            "si", "sip", "sep", "yes", "dale", "ok", "oka", "okay", "okey", "oki", "okis", "perfecto", "perfecta",
            "joya", "genial", "listo", "lista", "bueno", "buenisimo", "excelente", "claro", "obvio", "confirmo",
            "confirmado", "confirmamos", "correcto", "exacto", "barbaro", "vale", "bien", "va", "deuna", "supuesto",
            "afirmativo", "sirve", "seguro", "hecho");
    private static final Set<String> NO = Set.of(
            "no", "nop", "nope", "nah", "negativo", "nunca", "tampoco", "nada", "ni");
    private static final Set<String> FILLERS = Set.of(
            "gracias", "muchas", "mil", "por", "favor", "entonces", "ahi", "asi", "todo", "esta", "eso", "es", "me",
            "te", "nos", "viene", "queda", "quiero", "puedo", "mejor", "igual", "nomas", "che", "ah", "uh", "re",
            "hay", "problema", "para", "de", "que", "el", "la", "lo", "y", "pero", "ya", "muy", "super", "jaja",
            "jajaja", "jeje", "ahora", "gracia", "graciass");

    /** Thumbs up, OK hand and check mark: WhatsApp's one-tap yes. */
    private static final Set<Integer> YES_EMOJIS = Set.of(0x1F44D, 0x1F44C, 0x2705, 0x2714);
    private static final Set<Integer> NO_EMOJIS = Set.of(0x1F44E, 0x274C);

    /**
     * @param raw        what the customer typed, for the emojis normalization removes
     * @param normalized the same text after {@link TextNormalizer} and {@link Shorthand}
     */
    Answer classify(String raw, String normalized) {
        Answer first = Answer.NEITHER;
        if (normalized != null && !normalized.isEmpty()) {
            for (String token : normalized.replace("de una", "deuna").split(" ")) {
                boolean yes = YES.contains(token);
                boolean no = NO.contains(token);
                if (!yes && !no && !FILLERS.contains(token)) {
                    return Answer.NEITHER;
                }
                if (first == Answer.NEITHER && (yes || no)) {
                    first = yes ? Answer.YES : Answer.NO;
                }
            }
        }
        return first == Answer.NEITHER ? fromEmojis(raw) : first;
    }

    private static Answer fromEmojis(String raw) {
        if (raw == null) {
            return Answer.NEITHER;
        }
        for (int i = 0; i < raw.length(); ) {
            int codePoint = raw.codePointAt(i);
            if (YES_EMOJIS.contains(codePoint)) {
                return Answer.YES;
            }
            if (NO_EMOJIS.contains(codePoint)) {
                return Answer.NO;
            }
            i += Character.charCount(codePoint);
        }
        return Answer.NEITHER;
    }
}
