package dev.pulpo.ops.ci;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * ops/RUNBOOK.md and the alert rules stay linked: each alert's {@code runbook} annotation is
 * {@code ops/RUNBOOK.md#<anchor>}, and the anchor is a heading of the runbook as GitHub renders it, as is every
 * {@code (#anchor)} link inside the runbook.
 */
class RunbookTest {
    /** Tests run in ops/cli; the repository is two folders up. */
    private static final Path REPO = Path.of("").toAbsolutePath().resolve("../..").normalize();
    private static final Path RUNBOOK = REPO.resolve("ops/RUNBOOK.md");
    private static final Pattern HEADING = Pattern.compile("^#{1,6} +(.+?) *#*$");
    private static final Pattern LOCAL_LINK = Pattern.compile("]\\(#([^)]+)\\)");

    @Test
    void everyAlertLinksToItsOwnSectionOfTheRunbook() throws IOException {
        Set<String> anchors = anchors(Files.readString(RUNBOOK));
        Map<String, Set<String>> runbooksByAlert = runbooksByAlert();
        assertThat(runbooksByAlert).as("alerts in ops/prometheus/rules").isNotEmpty();

        runbooksByAlert.forEach((alert, runbooks) -> {
            // Then: one link per alert name (its warning and critical rules share it), to a section of its name
            assertThat(runbooks).as("runbook of %s", alert).containsExactly("ops/RUNBOOK.md#" + slug(alert));
            assertThat(anchors).as("a section '%s' in ops/RUNBOOK.md", alert).contains(slug(alert));
        });
    }

    @Test
    void everyLinkInsideTheRunbookHasItsSection() throws IOException {
        String text = Files.readString(RUNBOOK);
        Set<String> anchors = anchors(text);
        Matcher links = LOCAL_LINK.matcher(text);
        List<String> targets = new ArrayList<>();
        while (links.find()) {
            targets.add(links.group(1));
        }
        assertThat(targets).isNotEmpty().allSatisfy(target -> assertThat(anchors).contains(target));
    }

    @Test
    void theReadmeLinksTheRunbook() throws IOException {
        assertThat(Files.readString(REPO.resolve("README.md"))).contains("](ops/RUNBOOK.md)");
    }

    @Test
    void slugsAreGithubs() {
        assertThat(slug("PulpoLatencyP90High")).isEqualTo("pulpolatencyp90high");
        assertThat(slug("Routes and flags")).isEqualTo("routes-and-flags");
        assertThat(slug("Phase 1: canary 10% (days 1–2)")).isEqualTo("phase-1-canary-10-days-12");
        assertThat(slug("The `SLM` route")).isEqualTo("the-slm-route");
    }

    /** alert name → the distinct runbook annotations of its rules, over every rule file. */
    @SuppressWarnings("unchecked")
    private static Map<String, Set<String>> runbooksByAlert() throws IOException {
        Map<String, Set<String>> result = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> paths = Files.list(REPO.resolve("ops/prometheus/rules"))) {
            files = paths.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
        }
        for (Path file : files) {
            Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
            for (Map<String, Object> group : (List<Map<String, Object>>) root.get("groups")) {
                for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                    if (rule.get("alert") instanceof String alert) {
                        Map<String, Object> annotations = (Map<String, Object>) rule.getOrDefault("annotations", Map.of());
                        result.computeIfAbsent(alert, a -> new TreeSet<>())
                                .add(String.valueOf(annotations.get("runbook")));
                    }
                }
            }
        }
        return result;
    }

    /** The anchors GitHub gives the headings (outside code blocks); a repeated heading gets -1, -2, ... */
    private static Set<String> anchors(String markdown) {
        Set<String> anchors = new TreeSet<>();
        boolean inCode = false;
        for (String line : markdown.lines().toList()) {
            if (line.startsWith("```")) {
                inCode = !inCode;
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            if (!inCode && heading.matches()) {
                String slug = slug(heading.group(1));
                String anchor = slug;
                for (int i = 1; anchors.contains(anchor); i++) {
                    anchor = slug + "-" + i;
                }
                anchors.add(anchor);
            }
        }
        return anchors;
    }

    /** GitHub's heading anchor: lower case, punctuation dropped (but - and _), spaces to -. */
    static String slug(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }
}
