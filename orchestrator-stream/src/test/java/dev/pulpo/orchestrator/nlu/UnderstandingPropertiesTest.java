package dev.pulpo.orchestrator.nlu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.event.Workspace;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Whatever a customer (or a bot) sends, understanding never throws, stays within [0,1] and never hangs.
 * The bound only catches runaway work (catastrophic regex backtracking takes seconds to minutes), so a
 * loaded CI machine cannot make it flaky; the speed goal itself (well under 50 ms a message) is measured
 * by the benchmark in ops/bench.
 */
class UnderstandingPropertiesTest {

    private static final Workspace SALON = DemoWorkspace.load();
    private static final ZonedDateTime NOW = ZonedDateTime.parse("2025-01-15T10:00:00-03:00");
    private static final long BOUND_NANOS = 2_000_000_000L;
    private static final int MAX_LENGTH = 2_000;

    /** What makes the rules and the grammar work hardest: catalog words, clock and date words, separators. */
    private static final List<String> FRAGMENTS = List.of(
            "corte", "Corte de Cabello", "coloración", "brushin", "manicur", "keratina", "uñas", "barba", "mechas",
            "hola", "cuánto", "sale", "turno", "cancelar", "cambiar", "dónde", "horario", "gracias", "no", "sí",
            "el", "a las", "la", "de la tarde", "y media", "menos cuarto", "mañana", "pasado", "viernes", "de",
            "febrero", "hs", "h", "mediodía", "mejor", "puede ser", "1", "3", "12", "20", "31", "3500", "99999",
            "15:30", "15.30", "20/1", "29/2", "/", ":", ".", ",", "$", "?", "!", "¿", " ", "  ", "\n", "\t",
            "😊", "💅", "👍", "👎", "💇‍♀️", "🇦🇷", "\u0000", "\uD800", "İ", "ß", "ñ", "Á");

    private final SpanishUnderstanding nlu = new SpanishUnderstanding();

    @BeforeContainer
    static void warmUp() {
        // class loading and pattern compilation happen once per JVM, not per message
        new SpanishUnderstanding().understand("hola, turno para corte el 20/1 a las 3 y media", SALON, NOW);
    }

    @Property(tries = 300)
    void anyTextIsUnderstoodSafelyAndFast(@ForAll("messages") String text) {
        long start = System.nanoTime();
        Understanding u = nlu.understand(text, SALON, NOW);
        long elapsed = System.nanoTime() - start;

        assertThat(u.confidence()).isBetween(0.0, 1.0);
        assertThat(u.intent()).isNotNull();
        assertThat(elapsed).as("nanoseconds for one message").isLessThan(BOUND_NANOS);
    }

    @Property(tries = 200)
    void elDayIsAlwaysWithinTheNextMonthOrSo(@ForAll @IntRange(min = 1, max = 28) int day,
                                               @ForAll @IntRange(min = 0, max = 3_000) int daysFromEpoch) {
        LocalDate today = LocalDate.of(2024, 1, 1).plusDays(daysFromEpoch);
        LocalDate resolved = new DateTimeGrammar().date("el " + day, today).orElseThrow();

        assertThat(resolved.getDayOfMonth()).isEqualTo(day);
        assertThat(resolved).isBetween(today, today.plusDays(31));
    }

    @Provide
    Arbitrary<String> messages() {
        Arbitrary<String> anyText = Arbitraries.strings().all().ofMaxLength(MAX_LENGTH);
        Arbitrary<String> salonSoup = Arbitraries.of(FRAGMENTS).list().ofMaxSize(400)
                .map(parts -> String.join(" ", parts))
                .map(s -> s.length() > MAX_LENGTH ? s.substring(0, MAX_LENGTH) : s);
        Arbitrary<String> gluedSoup = Arbitraries.of(FRAGMENTS).list().ofMaxSize(600)
                .map(parts -> String.join("", parts))
                .map(s -> s.length() > MAX_LENGTH ? s.substring(0, MAX_LENGTH) : s);
        return Arbitraries.oneOf(anyText, salonSoup, gluedSoup);
    }
}
