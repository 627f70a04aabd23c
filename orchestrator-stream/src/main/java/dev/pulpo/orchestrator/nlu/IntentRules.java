package dev.pulpo.orchestrator.nlu;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The keyword cues of every intent, on text normalized by {@link TextNormalizer} and {@link Shorthand}.
 *
 * <p>Each cue carries a confidence: about 0.95 for a word that can only mean its intent ("cancelar", "precio"),
 * less for words that usually do ("otro día", "atienden"). A few cues depend on the slots: "horarios" asks for
 * opening hours, but "horarios para corte" asks for a free slot. Patterns use word boundaries and bounded
 * quantifiers only, so matching stays linear in the text. Stems end in {@code \w*} to cover voseo and typos
 * ("cancelá", "cancelame", "cancelo").
 */
public final class IntentRules {

    /** One intent a message shows, and how sure the cue is. */
    public record Cue(Intent intent, double confidence) {
    }

    /** What the slot extraction found, for the cues that depend on it. */
    public record Slots(boolean service, boolean dateOrTime) {
    }

    private record Rule(Intent intent, double confidence, Pattern pattern) {
        static Rule of(Intent intent, double confidence, String regex) {
            return new Rule(intent, confidence, Pattern.compile(regex));
        }
    }

    private static final List<Rule> RULES = List.of(
            // a person: always honoured, so it comes with the top confidence
            Rule.of(Intent.HUMAN_HANDOFF, 0.95, "\\b(?:hablar|comunicarme|comunicarnos|charlar) con\\b"
                    + "|\\bhumano\\b|\\bpersona (?:real|de verdad|humana)\\b|\\bencargad[oa]s?\\b|\\boperador(?:a|es)?\\b"
                    + "|\\bagente\\b|\\batencion al cliente\\b|\\bpasame con\\b"
                    + "|\\b(?:atiende|atienda|conteste|contesta|responde|responda) (?:alguien|una persona)\\b"
                    + "|\\b(?:con|a) (?:una|alguna) persona\\b"
                    + "|\\bme (?:pasas|pasan|pasa|pasarias|pasarian|comunicas|comunican|comunicarias) con\\b"),
            Rule.of(Intent.HUMAN_HANDOFF, 0.85, "\\b(?:llamame|llamenme|llamarme|me pueden llamar|me podes llamar"
                    + "|queja|quejas|reclamo|reclamos|duena|dueno)\\b"),

            Rule.of(Intent.RESCHEDULE, 0.95, "\\b(?:reprogram|reagend|posterg)\\w*"
                    + "|\\b(?:" + Verbs.MOVE + ")(?: [a-z]+){0,3} (?:turno|turnito|cita|reserva|fecha|hora|horario)\\b"
                    + "|\\bpas(?:ar|a|ame|amos|emos) (?:el|mi|la|ese|este) (?:turno|turnito|cita|reserva)\\b"
                    + "|\\blo (?:podemos|puedo|podes|podrias|podriamos|puedes) (?:pasar|cambiar|mover|correr)\\b"
                    + "|\\bme lo (?:pasas|pasarias|moves|moverias|cambias|cambiarias|corres|correrias)\\b"),
            Rule.of(Intent.RESCHEDULE, 0.85, "\\b(?:otro|otra) (?:dia|fecha)\\b"),

            Rule.of(Intent.CANCEL, 0.95, "\\b(?:cancel|anul)\\w*|\\b(?:dar|dame|darme|darlo) de baja\\b"
                    + "|\\bya no (?:necesito|quiero|voy)\\b"),
            Rule.of(Intent.CANCEL, 0.9, Verbs.CANT_MAKE_IT),
            Rule.of(Intent.CANCEL, 0.85, "\\bsuspend\\w*|\\b(?:borr|elimin)\\w* (?:el|mi|ese|este) turno\\b"
                    + "|\\bdesisto\\b"),

            Rule.of(Intent.INFO_PRICE, 0.95, "(?<!\\ben )\\bcuant[oa]s?\\b(?! (?:antes|tarda|tardan|dura|duran|demora"
                    + "|demoran|tiempo|lleva|llevan)\\b)"
                    + "|\\bprecio\\w*|\\btarifa\\w*|\\bcost(?:o|os|aria|ara|ar)\\b|\\bcuest(?:a|an)\\b|\\bvalor(?:es)?\\b"
                    + "|\\bque (?:sale|salen|vale|valen)\\b|\\blista de precios\\b"),
            Rule.of(Intent.INFO_PRICE, 0.9, "\\bcobr(?:an|as|a|amos|arian|arias|aran|aras)\\b|\\bservicios\\b"
                    + "|\\b(?:que|cuales) (?:servicios|tratamientos|trabajos)\\b"),
            Rule.of(Intent.INFO_PRICE, 0.85, "\\bque (?:hacen|haces|ofrecen|ofreces)\\b"
                    + "|\\b(?:promo|promos|promocion\\w*|descuento\\w*|oferta\\w*)\\b"),
            Rule.of(Intent.INFO_PRICE, 0.8, "\\bcuanto (?:tarda|tardan|dura|duran|demora|demoran|tiempo|lleva|llevan)\\b"
                    + "|\\b(?:efectivo|tarjetas?|transferencias?|mercado ?pago|debito|credito|cuotas|sena)\\b"),

            Rule.of(Intent.INFO_HOURS, 0.95, "\\b(?:hasta|desde) que hora\\b"),
            Rule.of(Intent.INFO_HOURS, 0.9, "\\b(?:abren|abris|abre|abrimos|abierto|abierta|abiertos|abiertas|cierran"
                    + "|cerras|cierra|cerrado|cerrada|cerrados)\\b"),
            Rule.of(Intent.INFO_HOURS, 0.85, "\\bque dias\\b|\\bferiados?\\b"),

            Rule.of(Intent.INFO_LOCATION, 0.95, "\\ba?donde\\b|\\bdireccion\\w*|\\bdire\\b|\\bubica\\w*"
                    + "|\\ba que altura\\b|\\b(?:estan|quedan|queda) en (?:la )?(?:av|avenida|calle)\\b"
                    + "|\\bcomo (?:llego|llegar|se llega|hago para llegar|los encuentro)\\b"
                    + "|\\ben que (?:calle|zona|barrio|parte|altura)\\b"),
            Rule.of(Intent.INFO_LOCATION, 0.85, "\\b(?:maps|mapa|estacionamiento|estacionar|barrio|zona)\\b"
                    + "|\\bqueda(?:n)? (?:lejos|cerca)\\b"),

            Rule.of(Intent.BOOK, 0.95, "\\bturn(?:o|os|ito|itos)\\b|\\breserv\\w*|\\bagend\\w*"),
            Rule.of(Intent.BOOK, 0.9, "\\banot(?:ar|ame|ate|enme|amos|as|a|arme|arte|an|en)\\b|\\bcita\\b"
                    + "|\\blugar(?:cito)?\\b|\\bdisponib\\w*|\\bhueco\\w*"),
            Rule.of(Intent.BOOK, 0.85, "\\blibres?\\b|\\bespacio\\b|\\botra hora\\b"
                    + "|\\b(?:tenes|tienen|tendrias|tendrian|tendras|hay|habra|habria) algo\\b"
                    + "|\\b(?:lo antes posible|cuanto antes|lo mas pronto|urgente)\\b"
                    + "|\\b(?:puedo|podria|podemos|puede|podre) (?:ir|pasar|venir)\\b"
                    + "|\\bpara cuando\\b|\\bcuando (?:tenes|tienen|hay|puedo|podes|podria)\\b"),

            Rule.of(Intent.GOODBYE, 0.95, "\\bgraci\\w*|\\bagradec\\w*|\\bchau\\w*|\\bchao\\b|\\bchaito\\b|\\badios\\b|\\bbye\\b"
                    + "|\\bhasta (?:luego|pronto|manana|la proxima|el [a-z]+)\\b|\\bnos vemos\\b|\\bsaludos\\b"
                    + "|\\bbesos?\\b|\\bbeso\\w*|\\babrazo\\w*|\\bbuen (?:finde|fin de semana)\\b"
                    + "|\\bque (?:tengas|tengan) (?:un )?buen\\b|\\beso es todo\\b|\\bnada mas\\b"),

            Rule.of(Intent.GREETING, 0.95, "\\bhola\\w*|\\bholis\\b|\\bholi\\b|\\bola\\b|\\bhello\\b|\\bhi\\b|\\bhey\\b"
                    + "|\\bbuenas\\b|\\bbuen dia\\b|\\bbuenos dias\\b|\\bque tal\\b"
                    + "|\\bcomo (?:estas|andas|andan|estan|va|te va|les va)\\b"));

    private static final Pattern OPENING_HOURS = Pattern.compile("\\bhorarios?\\b");
    /** With "horarios", these ask for a free slot ("¿tenés otro horario?") rather than the opening hours. */
    private static final Pattern AVAILABILITY = Pattern.compile("\\b(?:disponib\\w*|libres?|lugar|turnos?|otro|otra)\\b");
    private static final Pattern SERVE_OR_WORK = Pattern.compile("\\b(?:atienden|atendes|atiende|trabajan|trabajas)\\b");
    private static final Pattern OFFERS = Pattern.compile(
            "\\b(?:hacen|haces|tienen|tenes|hay|trabajan con|trabajas con|usan|usas)\\b");
    private static final Pattern WANTS = Pattern.compile("\\b(?:quiero|quisiera|queria|necesito|necesitaria|busco"
            + "|buscaba|me gustaria|me interesa|hacerme|me hago|me haces|me podes hacer|me podrias hacer|me harias"
            + "|vengo|voy|iria|puedo)\\b");
    /** "quería agradecerles el corte de ayer" wants nothing more. */
    private static final Pattern THANKS = Pattern.compile("\\bagradec\\w*|\\bgraci\\w*");
    private static final Pattern MOVES = Pattern.compile("\\b(?:" + Verbs.MOVE + ")\\b");
    private static final Pattern CANT_MAKE_IT = Pattern.compile(Verbs.CANT_MAKE_IT);
    private static final Pattern OFFERS_ALTERNATIVE = Pattern.compile(
            "\\b(?:mejor|puede ser|podria ser|se puede|podemos|podriamos|otro|otra|en cambio)\\b");

    /** Every cue the text shows, in no particular order. */
    public List<Cue> cues(String text, Slots slots) {
        List<Cue> cues = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return cues;
        }
        for (Rule rule : RULES) {
            if (rule.pattern().matcher(text).find()) {
                cues.add(new Cue(rule.intent(), rule.confidence()));
            }
        }
        if (OPENING_HOURS.matcher(text).find()) {
            boolean askingForASlot = slots.service() || AVAILABILITY.matcher(text).find();
            cues.add(new Cue(askingForASlot ? Intent.BOOK : Intent.INFO_HOURS, 0.9));
        }
        if (SERVE_OR_WORK.matcher(text).find()) {
            cues.add(new Cue(slots.service() ? Intent.INFO_PRICE : Intent.INFO_HOURS, 0.85));
        }
        if (slots.service() && OFFERS.matcher(text).find()) {
            // "¿hacen keratina?" asks about the catalog; "¿tenés para manicura el jueves?" asks for a slot.
            cues.add(slots.dateOrTime() ? new Cue(Intent.BOOK, 0.9) : new Cue(Intent.INFO_PRICE, 0.75));
        }
        if (WANTS.matcher(text).find() && (slots.service() || slots.dateOrTime()) && !THANKS.matcher(text).find()) {
            cues.add(new Cue(Intent.BOOK, slots.service() ? 0.9 : 0.85));
        }
        if (slots.dateOrTime() && MOVES.matcher(text).find()) {
            cues.add(new Cue(Intent.RESCHEDULE, 0.85)); // "cambialo para el viernes"
        }
        if (CANT_MAKE_IT.matcher(text).find() && OFFERS_ALTERNATIVE.matcher(text).find()) {
            cues.add(new Cue(Intent.RESCHEDULE, 0.9)); // "no voy a poder, ¿puede ser el sábado?"
        }
        return cues;
    }

    /** Verb forms shared by several cues. */
    private static final class Verbs {
        /** Moving an appointment, in infinitive, voseo imperative and with enclitics; not plain "pasar" (drop by). */
        static final String MOVE = "cambiar|cambia|cambias|cambiame|cambialo|cambiamelo|cambiarlo|cambiarme|cambio|cambie"
                + "|cambiamos|moves|pasamelo"
                + "|mover|move|moveme|movelo|moverlo|movamos|pasalo|pasarlo|pasamelo|pasarmelo"
                + "|correr|correme|correlo|correrlo|corremelo|adelantar|adelanta|adelantame|adelantarlo|adelantalo"
                + "|atrasar|atrasa|atrasame|atrasarlo|atrasalo";
        /**
         * Saying one will miss the appointment. A bare "no puedo" is left out: "a las 5 no puedo" is more often
         * a counter-offer while booking than a cancellation.
         */
        static final String CANT_MAKE_IT = "\\bno (?:voy a|vamos a|va a) poder\\b"
                + "|\\bno (?:puedo|podre|podemos|podria|llego a) (?:ir|asistir|venir|llegar)\\b"
                + "|\\bno (?:voy|vamos) a (?:ir|asistir|venir)\\b|\\bno voy a llegar\\b";
    }
}
