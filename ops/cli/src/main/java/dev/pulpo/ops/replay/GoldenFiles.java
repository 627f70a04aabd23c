package dev.pulpo.ops.replay;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/** Reads and writes golden datasets: JSON Lines, one {@link GoldenConversation} a line. */
public final class GoldenFiles {
    /** The intents of golden-format.md. */
    public static final Set<String> INTENTS = Set.of("greeting", "info_hours", "info_price", "info_location", "book",
            "cancel", "reschedule", "goodbye", "human_handoff", "out_of_scope");
    private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{6,14}$");

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            // A misspelt field ("reply_contain") would silently check nothing: refuse it.
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

    private GoldenFiles() {
    }

    /** Every conversation of the files, in order; ids must be unique across all of them. */
    public static List<GoldenConversation> read(List<Path> files) throws GoldenFormatException {
        List<GoldenConversation> all = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (Path file : files) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (java.nio.file.NoSuchFileException e) {
                throw new GoldenFormatException("no such file: " + file);
            } catch (IOException e) {
                throw new GoldenFormatException("cannot read " + file + ": " + e.getMessage());
            }
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                GoldenConversation conversation = parse(file, i + 1, lines.get(i));
                String where = file + ":" + (i + 1);
                String earlier = seen.putIfAbsent(conversation.id(), where);
                if (earlier != null) {
                    throw new GoldenFormatException(file, i + 1, "id " + conversation.id() + " is used already at " + earlier);
                }
                all.add(conversation);
            }
        }
        return all;
    }

    /** One line, checked against golden-format.md. */
    public static GoldenConversation parse(Path file, int lineNumber, String line) throws GoldenFormatException {
        GoldenConversation c;
        try {
            c = MAPPER.readValue(line, GoldenConversation.class);
        } catch (JacksonException e) {
            throw new GoldenFormatException(file, lineNumber, "not a golden conversation: " + e.getOriginalMessage());
        }
        if (c == null) {
            throw new GoldenFormatException(file, lineNumber, "not a golden conversation: null");
        }
        require(file, lineNumber, c.id() != null && !c.id().isBlank(), "id is missing");
        require(file, lineNumber, c.workspaceId() != null && !c.workspaceId().isBlank(), c.id() + ": workspace_id is missing");
        require(file, lineNumber, c.userPhone() != null && E164.matcher(c.userPhone()).matches(),
                c.id() + ": user_phone must be E.164 (+5491155501001), was " + c.userPhone());
        require(file, lineNumber, c.now() != null, c.id() + ": now is missing");
        require(file, lineNumber, !c.turns().isEmpty(), c.id() + ": turns is empty");
        for (int t = 0; t < c.turns().size(); t++) {
            GoldenConversation.Turn turn = c.turns().get(t);
            String at = c.id() + " turn " + (t + 1) + ": ";
            require(file, lineNumber, turn != null && turn.user() != null, at + "user is missing");
            require(file, lineNumber, turn.expect() != null && turn.expect().intent() != null, at + "expect.intent is missing");
            require(file, lineNumber, INTENTS.contains(turn.expect().intent()),
                    at + "unknown intent " + turn.expect().intent() + ", not one of " + INTENTS);
        }
        return c;
    }

    /** The conversation as one line of a golden file. */
    public static String toLine(GoldenConversation conversation) {
        return MAPPER.writeValueAsString(conversation);
    }

    private static void require(Path file, int line, boolean condition, String reason) throws GoldenFormatException {
        if (!condition) {
            throw new GoldenFormatException(file, line, reason);
        }
    }
}
