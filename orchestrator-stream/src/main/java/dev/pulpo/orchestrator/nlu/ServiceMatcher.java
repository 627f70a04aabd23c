package dev.pulpo.orchestrator.nlu;

import dev.pulpo.schemas.event.Workspace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Finds the catalog service a message names, by its canonical name, its synonyms, or a misspelling of either.
 *
 * <p>Every name and synonym becomes a phrase of normalized tokens, compared with every run of as many tokens of the
 * message. A run matches exactly (a trailing plural "s"/"es" allowed), or fuzzily: one token misspelt, either the
 * same once Spanish sound-alike letters are merged ({@code barva}), or within a Levenshtein distance that grows
 * with the word (0 up to 5 letters, 1 from 6, 2 from 9) so that short words never drift into a service.
 * {@link CommonWords} are never matched fuzzily.
 *
 * <p>The longest phrase wins ("corte de barba" over "corte"), then an exact match over a fuzzy one, then the first
 * in the message. Immutable and thread safe; build one per catalog.
 */
public final class ServiceMatcher {

    /** A service found in a message: its canonical name, and whether the spelling matched exactly. */
    public record Match(String service, boolean exact, int tokenStart, int tokenCount) {
    }

    private record Phrase(String service, String[] tokens, int order) {
    }

    /** The tokens before an ambiguous synonym ("unas" for "uñas") that make it the service. */
    private static final Set<String> AMBIGUOUS_SYNONYM_CONTEXT = Set.of(
            "las", "mis", "tus", "sus", "de", "para", "y", "e", "o", "con", "hacerme", "hacer", "arreglarme");
    private static final int MIN_FUZZY_LETTERS = 4;

    private final List<Phrase> phrases;
    private final LevenshteinDistance withinTwo = new LevenshteinDistance(2);

    public ServiceMatcher(List<Workspace.Service> services) {
        TextNormalizer normalizer = new TextNormalizer();
        Map<String, Phrase> byText = new LinkedHashMap<>();
        int order = 0;
        for (Workspace.Service service : services == null ? List.<Workspace.Service>of() : services) {
            List<String> names = new ArrayList<>();
            names.add(service.name());
            names.addAll(service.synonyms());
            for (String name : names) {
                String folded = normalizer.normalize(name);
                if (!soundKey(folded).isEmpty() && !byText.containsKey(folded)) {
                    String[] tokens = folded.split(" ");
                    byText.put(folded, new Phrase(service.name(), tokens, order));
                }
            }
            order++;
        }
        this.phrases = List.copyOf(byText.values());
    }

    /** @param normalizedText text in the shape {@link TextNormalizer#normalize} returns */
    public Optional<Match> find(String normalizedText) {
        if (normalizedText == null || normalizedText.isEmpty() || phrases.isEmpty()) {
            return Optional.empty();
        }
        String[] tokens = normalizedText.split(" ");
        Match best = null;
        int bestOrder = Integer.MAX_VALUE;
        for (Phrase phrase : phrases) {
            int n = phrase.tokens().length;
            for (int i = 0; i + n <= tokens.length; i++) {
                Boolean exact = compare(phrase, tokens, i);
                if (exact == null) {
                    continue;
                }
                Match candidate = new Match(phrase.service(), exact, i, n);
                if (best == null || BEST_FIRST.compare(candidate, best) < 0
                        || (BEST_FIRST.compare(candidate, best) == 0 && phrase.order() < bestOrder)) {
                    best = candidate;
                    bestOrder = phrase.order();
                }
            }
        }
        return Optional.ofNullable(best);
    }

    private static final Comparator<Match> BEST_FIRST = Comparator
            .comparingInt((Match m) -> -m.tokenCount())
            .thenComparing(m -> !m.exact())
            .thenComparingInt(Match::tokenStart);

    /** TRUE for an exact match of the phrase at {@code tokens[i]}, FALSE for a fuzzy one, null for none. */
    private Boolean compare(Phrase phrase, String[] tokens, int i) {
        String[] wanted = phrase.tokens();
        if (wanted.length == 1 && CommonWords.contains(wanted[0])) {
            // "unas" is "uñas" only in context, and then spelt exactly
            return wanted[0].equals(tokens[i]) && ambiguousSynonymInContext(tokens, i) ? Boolean.TRUE : null;
        }
        if (exactly(wanted, tokens, i)) {
            return Boolean.TRUE;
        }
        return fuzzily(wanted, tokens, i) ? Boolean.FALSE : null;
    }

    private static boolean exactly(String[] wanted, String[] tokens, int i) {
        int last = wanted.length - 1;
        for (int k = 0; k < last; k++) {
            if (!wanted[k].equals(tokens[i + k])) {
                return false;
            }
        }
        String w = wanted[last];
        String t = tokens[i + last];
        return t.equals(w) || t.equals(w + "s") || t.equals(w + "es") || w.equals(t + "s");
    }

    /** All tokens exact but one, and that one misspelt within its allowance ("corte de cabelo"). */
    private boolean fuzzily(String[] wanted, String[] tokens, int i) {
        int misspelt = -1;
        for (int k = 0; k < wanted.length; k++) {
            if (!wanted[k].equals(tokens[i + k])) {
                if (misspelt >= 0) {
                    return false;
                }
                misspelt = k;
            }
        }
        return misspelt >= 0 && misspelling(tokens[i + misspelt], wanted[misspelt]);
    }

    /**
     * Whether {@code typed} is a misspelling of {@code word}: not an everyday word itself, at least four letters,
     * the same once sound-alike letters are merged, or within the allowed edits with the first two letters kept
     * (typos rarely touch them, and "muchas" must not become "mechas").
     */
    private boolean misspelling(String typed, String word) {
        if (typed.length() < MIN_FUZZY_LETTERS || !isWord(typed) || CommonWords.contains(typed)) {
            return false;
        }
        String typedKey = soundKey(typed);
        String wordKey = soundKey(word);
        if (typedKey.equals(wordKey)) {
            return true;
        }
        int allowed = allowedEdits(wordKey.length());
        if (allowed == 0 || Math.abs(typedKey.length() - wordKey.length()) > allowed
                || !typedKey.regionMatches(0, wordKey, 0, 2)) {
            return false;
        }
        int distance = withinTwo.apply(typedKey, wordKey);
        return distance >= 0 && distance <= allowed;
    }

    private static int allowedEdits(int letters) {
        if (letters >= 9) {
            return 2;
        }
        return letters >= 6 ? 1 : 0;
    }

    /** "unas" is "uñas" after "las", "mis", "para"..., or when it is the whole message. */
    private static boolean ambiguousSynonymInContext(String[] tokens, int i) {
        return tokens.length == 1 || (i > 0 && AMBIGUOUS_SYNONYM_CONTEXT.contains(tokens[i - 1]));
    }

    private static boolean isWord(String token) {
        for (int k = 0; k < token.length(); k++) {
            char c = token.charAt(k);
            if (c < 'a' || c > 'z') {
                return false;
            }
        }
        return !token.isEmpty();
    }

    /** Merges the letters Spanish speakers swap when spelling by ear: v/b, z/s, soft c/s, ll/y, silent h. */
    static String soundKey(String folded) {
        StringBuilder key = new StringBuilder(folded.length());
        for (int k = 0; k < folded.length(); k++) {
            char c = folded.charAt(k);
            char next = k + 1 < folded.length() ? folded.charAt(k + 1) : ' ';
            switch (c) {
                case 'v' -> key.append('b');
                case 'z' -> key.append('s');
                case 'c' -> key.append(next == 'e' || next == 'i' ? 's' : 'c');
                case 'h' -> {
                    if (k > 0 && folded.charAt(k - 1) == 'c') {
                        key.append('h'); // "ch" is its own sound
                    }
                }
                case 'l' -> {
                    if (next == 'l') {
                        key.append('y');
                        k++;
                    } else {
                        key.append('l');
                    }
                }
                default -> key.append(c);
            }
        }
        return key.toString();
    }
}
