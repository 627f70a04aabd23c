package dev.pulpo.ops.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoldenFilesTest {
    private static final String BOOK = """
            {"id": "book-01", "workspace_id": "w1", "user_phone": "+5491155501001", "now": "2025-11-12T10:15:00-03:00", \
            "turns": [{"user": "para corte el viernes a las 5", "expect": {"intent": "book", \
            "slots": {"service": "Corte de Cabello", "time": "17:00"}, "actions": ["check_availability", "book_appointment"], \
            "reply_contains": ["reservado"]}}]}""";

    @TempDir
    Path dir;

    @Test
    void readsEveryFieldOfTheFormatKeepingTheClocksOffset() throws Exception {
        Path file = write("book.jsonl", BOOK + "\n\n");

        List<GoldenConversation> read = GoldenFiles.read(List.of(file));

        assertThat(read).hasSize(1);
        GoldenConversation c = read.getFirst();
        assertThat(c.now().toString()).isEqualTo("2025-11-12T10:15-03:00");
        assertThat(c.turns().getFirst().expect()).isEqualTo(new GoldenConversation.Expect("book",
                Map.of("service", "Corte de Cabello", "time", "17:00"), List.of("check_availability", "book_appointment"),
                List.of("reservado")));
    }

    @Test
    void aBadLineIsReportedWithItsFileAndLineNumber() throws Exception {
        Path file = write("bad.jsonl", BOOK + "\n{\"id\": \"x\", \"turns\": [\n");

        assertThatThrownBy(() -> GoldenFiles.read(List.of(file)))
                .isInstanceOf(GoldenFormatException.class)
                .hasMessageStartingWith(file + ":2: ");
    }

    @Test
    void aMisspeltFieldOrAnUnknownIntentIsRefused() throws Exception {
        Path misspelt = write("a.jsonl", BOOK.replace("reply_contains", "reply_contain"));
        Path unknown = write("b.jsonl", BOOK.replace("\"intent\": \"book\"", "\"intent\": \"booking\""));

        assertThatThrownBy(() -> GoldenFiles.read(List.of(misspelt))).hasMessageContaining("reply_contain");
        assertThatThrownBy(() -> GoldenFiles.read(List.of(unknown))).hasMessageContaining("unknown intent booking");
    }

    @Test
    void anIdUsedTwiceAcrossFilesIsRefused() throws Exception {
        Path one = write("one.jsonl", BOOK);
        Path two = write("two.jsonl", BOOK.replace("+5491155501001", "+5491155501002"));

        assertThatThrownBy(() -> GoldenFiles.read(List.of(one, two)))
                .hasMessageContaining("id book-01 is used already at " + one + ":1");
    }

    @Test
    void aConversationWrittenAsALineReadsBackTheSame() throws Exception {
        GoldenConversation original = GoldenFiles.read(List.of(write("book.jsonl", BOOK))).getFirst();

        String line = GoldenFiles.toLine(original);

        assertThat(line).doesNotContain("\n");
        assertThat(GoldenFiles.parse(Path.of("export"), 1, line)).isEqualTo(original);
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }
}
