package dev.pulpo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CorpusTest {

    @Test
    void randomTextsAreRepeatableAndWithinTheirLengths() {
        List<String> texts = Corpus.random.texts();
        assertThat(texts).hasSize(1_000).isEqualTo(Corpus.random.texts());
        assertThat(texts).allSatisfy(t -> assertThat(t.length()).isBetween(1, Corpus.MAX_CHARS));
        assertThat(Corpus.random2000.texts()).allSatisfy(t -> assertThat(t).hasSize(Corpus.MAX_CHARS));
    }

    @Test
    void noTextEndsInHalfAnEmoji() {
        assertThat(Corpus.random.texts())
                .noneMatch(t -> Character.isHighSurrogate(t.charAt(t.length() - 1)));
    }

    @Test
    void salonMessagesAreTheGoldenTurns() {
        List<String> salon = Corpus.salon.texts();
        assertThat(salon).hasSizeGreaterThan(100).contains("hola! quiero sacar un turno").noneMatch(String::isBlank);
    }
}
