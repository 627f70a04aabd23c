package dev.pulpo.orchestrator.slm;

import dev.pulpo.schemas.event.Workspace;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The NLG stage's contract with its model: the template's reply, which holds the facts (hours, prices, dates,
 * booking ids), is rewritten in warmer words. A rewrite that drops any figure of the template, or is empty or
 * too long for one WhatsApp message, is not used: the template's reply goes out instead.
 */
public class Wording {
    /** Twilio's limit for one WhatsApp message body. */
    static final int MAX_CHARS = 1_600;
    private static final Pattern FIGURE = Pattern.compile("\\d+(?:[:.,]\\d+)*");
    private static final String SYSTEM = """
            Sos el asistente de WhatsApp de %s. Reescribí la respuesta que te paso en español rioplatense, \
            breve y cálida, como un mensaje de WhatsApp. No inventes nada: mantené exactamente todos los números, \
            horarios, precios, fechas y direcciones. Respondé solo con el texto del mensaje.""";

    public String system(Workspace workspace) {
        return SYSTEM.formatted(workspace.name());
    }

    public String user(String customerText, String templateReply) {
        return "Mensaje del cliente: " + customerText + "\nRespuesta a reescribir: " + templateReply;
    }

    /** The rewrite when it keeps every figure of the template; empty when the template's reply should go out. */
    public Optional<String> accept(String rewrite, String templateReply) {
        if (rewrite == null) {
            return Optional.empty();
        }
        String text = rewrite.strip();
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            text = text.substring(1, text.length() - 1).strip();
        }
        if (text.isEmpty() || text.length() > MAX_CHARS) {
            return Optional.empty();
        }
        for (String figure : figures(templateReply)) {
            if (!text.contains(figure)) {
                return Optional.empty();
            }
        }
        return Optional.of(text);
    }

    private static Set<String> figures(String text) {
        Set<String> figures = new LinkedHashSet<>();
        Matcher m = FIGURE.matcher(text == null ? "" : text);
        while (m.find()) {
            figures.add(m.group());
        }
        return figures;
    }
}
