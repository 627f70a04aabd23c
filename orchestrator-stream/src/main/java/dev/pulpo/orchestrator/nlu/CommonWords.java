package dev.pulpo.orchestrator.nlu;

import java.util.Set;

/**
 * Everyday Spanish words of salon chats, folded like {@link TextNormalizer} output. They are never matched to a
 * service by spelling distance ("tener" is one letter from "teñir", "contarme" from "cortarme", "avisado" from
 * "alisado"), and a catalog synonym that is one of them ("uñas" folds to "unas") needs context to count.
 */
final class CommonWords {

    private static final Set<String> WORDS = Set.of(
            // function words and pronouns
            "como", "con", "ser", "para", "por", "pero", "unas", "unos", "una", "uno", "las", "los", "del", "que",
            "cual", "cuales", "cuando", "donde", "esta", "este", "esto", "esas", "esos", "eso", "ese", "esa",
            "todo", "toda", "todos", "todas", "algo", "nada", "mucho", "mucha", "muchos", "muchas", "poco", "poca", "otro", "otra",
            "mismo", "misma", "mejor", "peor", "tambien", "porque", "sobre", "entre", "desde", "hasta", "contra",
            "ahora", "antes", "despues", "luego", "tarde", "temprano", "nunca", "siempre", "bien", "cosa", "cosas",
            // verbs customers use around a service
            "tener", "tenes", "tengo", "tiene", "tienen", "tenerme", "tenerlo", "hacer", "hacen", "haces", "hacerme",
            "quiero", "queres", "quiere", "puedo", "podes", "puede", "pueden", "saber", "sabes", "contar",
            "contarme", "contame", "contanos", "avisar", "avisado", "avisame", "avisa", "pasar", "pasado", "pasame",
            "cortar", "corta", "corto", "cortas", "cortos", "mover", "correr", "cobran", "cobras", "salen",
            "estar", "estas", "estan", "estamos", "ir", "voy", "vamos", "venir", "vengo", "llegar", "llego",
            "dale", "listo", "bueno", "perfecto", "gracias", "hola", "chau",
            // nouns and adjectives one or two letters away from a catalog word
            "calor", "norte", "coste", "costo", "barra", "barrio", "carta", "corre", "fechas", "fecha", "noches",
            "noche", "manana", "semana", "precio", "precios", "turno", "turnos", "hora", "horas", "horario",
            "lugar", "dia", "dias", "mes", "meses", "pelo", "cabeza", "plata", "cuanto", "cuesta", "valor",
            "persona", "personas", "hijo", "hija", "nena", "nene", "mama", "papa", "amiga", "amigo", "senora");

    private CommonWords() {
    }

    static boolean contains(String folded) {
        return WORDS.contains(folded);
    }
}
