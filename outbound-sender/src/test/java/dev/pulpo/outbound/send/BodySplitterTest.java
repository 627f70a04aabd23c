package dev.pulpo.outbound.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BodySplitterTest {
    private final BodySplitter splitter = new BodySplitter(40);

    @Test
    void aBodyWithinTheLimitIsItsOnlyPart() {
        assertThat(new BodySplitter().split("¡Hola! ¿En qué te ayudo?")).containsExactly("¡Hola! ¿En qué te ayudo?");
    }

    @Test
    void aBodyOfExactlyTwilios1600CharactersIsOneMessage() {
        String body = "a".repeat(1_600);
        assertThat(new BodySplitter().split(body)).containsExactly(body);
    }

    @Test
    void aLongBodyIsCutAfterTheLastSentenceThatFits() {
        List<String> parts = splitter.split("Abrimos a las diez. Cerramos a las siete. ¿Querés turno?");

        assertThat(parts).containsExactly("Abrimos a las diez.", "Cerramos a las siete. ¿Querés turno?");
    }

    @Test
    void questionsExclamationsAndLineBreaksEndSentencesToo() {
        assertThat(splitter.split("¿Te viene bien el viernes? Tengo lugar a las diez y media"))
                .first().isEqualTo("¿Te viene bien el viernes?");
        assertThat(splitter.split("Turnos libres\nviernes diez, once, doce y trece"))
                .first().isEqualTo("Turnos libres");
    }

    @Test
    void withoutASentenceEndThatFitsTheCutFallsBetweenWords() {
        List<String> parts = splitter.split("tenemos lugar el viernes por la mañana temprano y también a la tarde");

        assertThat(parts).allSatisfy(part -> assertThat(part.length()).isLessThanOrEqualTo(40));
        assertThat(parts.getFirst()).isEqualTo("tenemos lugar el viernes por la mañana");
        assertThat(String.join(" ", parts)).isEqualTo("tenemos lugar el viernes por la mañana temprano y también a la tarde");
    }

    @Test
    void aWordLongerThanAMessageIsCutWithoutBreakingAnEmoji() {
        String body = "a".repeat(39) + "😀" + "b".repeat(10);

        List<String> parts = splitter.split(body);

        assertThat(parts).first().isEqualTo("a".repeat(39));
        assertThat(String.join("", parts)).isEqualTo(body);
    }
}
