package dev.pulpo.ops.replay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplyTextTest {

    @Test
    void aPriceWithThousandsSeparatorsContainsTheBareNumber() {
        assertThat(ReplyText.contains("El corte sale $3.500.", "3500")).isTrue();
        assertThat(ReplyText.contains("El corte sale $3,500", "3500")).isTrue();
        assertThat(ReplyText.contains("Sale $12.500, ¿te reservo?", "$12500")).isTrue();
    }

    @Test
    void theExpectationMayBeWrittenWithSeparatorsToo() {
        assertThat(ReplyText.contains("sale 3500", "$3.500")).isFalse();
        assertThat(ReplyText.contains("sale $3500", "$3.500")).isTrue();
    }

    @Test
    void aPunctuationMarkThatIsNotBetweenDigitsStays() {
        assertThat(ReplyText.contains("Listo. 10 hs", "listo 10")).isFalse();
        assertThat(ReplyText.contains("a las 10. Te espero", "10. te")).isTrue();
    }

    @Test
    void accentsAndCaseAreIgnoredOnBothSides() {
        assertThat(ReplyText.contains("Ese horario NO ESTÁ DISPONIBLE", "no esta disponible")).isTrue();
        assertThat(ReplyText.contains("no encontre tu turno", "No encontré")).isTrue();
        assertThat(ReplyText.contains("Reprogramado para el miércoles", "MIERCOLES")).isTrue();
    }

    @Test
    void noReplyContainsNothing() {
        assertThat(ReplyText.contains(null, "hola")).isFalse();
        assertThat(ReplyText.contains("chau", "hola")).isFalse();
    }
}
