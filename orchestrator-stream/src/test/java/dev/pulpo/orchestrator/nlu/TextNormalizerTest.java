package dev.pulpo.orchestrator.nlu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextNormalizerTest {

    private final TextNormalizer normalizer = new TextNormalizer();

    @Test
    void lowersCaseAndFoldsAccents() {
        assertThat(normalizer.normalize("MAÑANA Coloración, ¿Teñís?")).isEqualTo("manana coloracion tenis");
    }

    @Test
    void turnsEmojisAndPunctuationIntoSingleSpaces() {
        assertThat(normalizer.normalize("  hola!!! 😊💇‍♀️  ¿turno?\n\tya  ")).isEqualTo("hola turno ya");
    }

    @Test
    void keepsClockAndDateSeparatorsBetweenDigitsOnly() {
        assertThat(normalizer.normalize("15:30, 15.30 y 20/1")).isEqualTo("15:30 15.30 y 20/1");
        assertThat(normalizer.normalize("a las: 5. el /3")).isEqualTo("a las 5 el 3");
    }

    @Test
    void dropsThousandsSeparatorsSoPricesStayNumbers() {
        assertThat(normalizer.normalize("$3.500 o 12,000 o 1.500.000")).isEqualTo("3500 o 12000 o 1500000");
    }

    @Test
    void foldsChatElongationsButKeepsSpanishDoubleLetters() {
        assertThat(normalizer.normalize("holaaaa siiii graciasss")).isEqualTo("hola si gracias");
        assertThat(normalizer.normalize("llamame, correr, dirección")).isEqualTo("llamame correr direccion");
    }

    @Test
    void nullAndBlankAreEmpty() {
        assertThat(normalizer.normalize(null)).isEmpty();
        assertThat(normalizer.normalize(" 😊 !! ")).isEmpty();
    }
}
