package dev.pulpo.orchestrator.nlu;

import java.util.Map;

/**
 * Expands the chat abbreviations of Argentine WhatsApp ({@code q}, {@code x}, {@code xq}, {@code dnd}, {@code sab})
 * into the words the rules and the grammar look for, token by token, on text already normalized by
 * {@link TextNormalizer}. Only tokens that mean nothing else in a salon conversation are listed.
 */
public final class Shorthand {

    private static final Map<String, String> EXPANSIONS = Map.ofEntries(
            Map.entry("q", "que"),
            Map.entry("k", "que"),
            Map.entry("ke", "que"),
            Map.entry("x", "por"),
            Map.entry("xq", "porque"),
            Map.entry("pq", "porque"),
            Map.entry("porq", "porque"),
            Map.entry("d", "de"),
            Map.entry("pa", "para"),
            Map.entry("xa", "para"),
            Map.entry("dnd", "donde"),
            Map.entry("dnde", "donde"),
            Map.entry("tb", "tambien"),
            Map.entry("tmb", "tambien"),
            Map.entry("tmbn", "tambien"),
            Map.entry("xfa", "por favor"),
            Map.entry("xfavor", "por favor"),
            Map.entry("porfa", "por favor"),
            Map.entry("porfis", "por favor"),
            Map.entry("pls", "por favor"),
            Map.entry("plis", "por favor"),
            Map.entry("grax", "gracias"),
            Map.entry("grs", "gracias"),
            Map.entry("grcs", "gracias"),
            Map.entry("grasias", "gracias"),
            Map.entry("tenkiu", "gracias"),
            Map.entry("mna", "manana"),
            Map.entry("mnn", "manana"),
            Map.entry("hr", "hs"),
            Map.entry("hrs", "hs"),
            Map.entry("lun", "lunes"),
            Map.entry("mier", "miercoles"),
            Map.entry("mie", "miercoles"),
            Map.entry("jue", "jueves"),
            Map.entry("vie", "viernes"),
            Map.entry("sab", "sabado"),
            Map.entry("dom", "domingo"),
            Map.entry("finde", "fin de semana"));

    /** @param normalized text in the shape {@link TextNormalizer#normalize} returns */
    public String expand(String normalized) {
        if (normalized == null || normalized.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(normalized.length() + 16);
        int start = 0;
        while (start <= normalized.length()) {
            int space = normalized.indexOf(' ', start);
            int end = space < 0 ? normalized.length() : space;
            String token = normalized.substring(start, end);
            if (!out.isEmpty()) {
                out.append(' ');
            }
            out.append(EXPANSIONS.getOrDefault(token, token));
            if (space < 0) {
                break;
            }
            start = space + 1;
        }
        return out.toString();
    }
}
