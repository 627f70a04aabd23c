package dev.pulpo.orchestrator.nlu;

import dev.pulpo.schemas.event.Workspace;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The deterministic es-AR understanding of the legacy route: one message in, its intent and slots out.
 *
 * <p>The steps: normalize the text; find the service, date and time; collect the keyword cues of every intent;
 * then decide. The most specific intent wins, so "hola, ¿cuánto sale el corte?" is a price question: a person, a
 * reschedule, a cancellation, a price, the hours, the address, a booking, in that order on equal confidence.
 * A goodbye or a greeting counts only when nothing else is asked. A message with slots and no cue ("corte",
 * "el viernes a las 3", "mejor a las 5") is a booking at lower confidence: the dialogue decides with the
 * conversation state. A plain yes or no is flagged for the dialogue's confirmations.
 *
 * <p>Never throws, and stays linear in the text; messages longer than {@value #MAX_CHARS} characters are read up
 * to that length. Thread safe; the only state is the matcher of the last catalog seen.
 */
public final class SpanishUnderstanding {

    /** Longer than any real chat message; bounds the work a pasted document can cause. */
    static final int MAX_CHARS = 4_000;

    static final double SLOT_ONLY_WITH_SERVICE = 0.6;
    static final double SLOT_ONLY = 0.55;
    static final double YES_NO_ONLY = 0.45;
    static final double FALLBACK = 0.5;
    static final double FUZZY_SERVICE_FACTOR = 0.9;

    /** Specificity when two cues are equally sure: earlier wins. */
    private static final List<Intent> SPECIFICITY = List.of(
            Intent.HUMAN_HANDOFF, Intent.RESCHEDULE, Intent.CANCEL, Intent.INFO_PRICE, Intent.INFO_HOURS,
            Intent.INFO_LOCATION, Intent.BOOK, Intent.GOODBYE, Intent.GREETING);

    private static final Comparator<IntentRules.Cue> STRONGEST_FIRST = Comparator
            .comparingDouble((IntentRules.Cue c) -> -c.confidence())
            .thenComparingInt(c -> SPECIFICITY.indexOf(c.intent()));

    private record CachedMatcher(List<Workspace.Service> catalog, ServiceMatcher matcher) {
    }

    private final TextNormalizer normalizer = new TextNormalizer();
    private final Shorthand shorthand = new Shorthand();
    private final DateTimeGrammar grammar = new DateTimeGrammar();
    private final IntentRules rules = new IntentRules();
    private final YesNo yesNo = new YesNo();
    private final AtomicReference<CachedMatcher> lastMatcher = new AtomicReference<>();

    public SpanishUnderstanding() {
    }

    /**
     * @param text      what the customer wrote; null reads as empty
     * @param workspace the business, for its catalog; null reads as an empty catalog
     * @param now       the clock in the workspace's zone, for relative dates; null leaves the date unresolved
     */
    public Understanding understand(String text, Workspace workspace, ZonedDateTime now) {
        String raw = text == null ? "" : text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
        String normalized = shorthand.expand(normalizer.normalize(raw));

        Optional<ServiceMatcher.Match> service = matcher(workspace).find(normalized);
        Optional<LocalDate> date = now == null ? Optional.empty() : grammar.date(normalized, now.toLocalDate());
        Optional<LocalTime> time = grammar.time(normalized);
        YesNo.Answer answer = yesNo.classify(raw, normalized);

        IntentRules.Slots slots = new IntentRules.Slots(service.isPresent(), date.isPresent() || time.isPresent());
        IntentRules.Cue decided = decide(rules.cues(normalized, slots), slots, answer);
        double confidence = decided.confidence();
        if (service.isPresent() && !service.get().exact() && decided.intent() == Intent.BOOK) {
            confidence *= FUZZY_SERVICE_FACTOR; // a misspelt service is weaker evidence of what is wanted
        }
        boolean slotsOnly = decided.confidence() == SLOT_ONLY || decided.confidence() == SLOT_ONLY_WITH_SERVICE;
        return new Understanding(decided.intent(), confidence, service.map(ServiceMatcher.Match::service), date, time,
                answer == YesNo.Answer.YES, answer == YesNo.Answer.NO, slotsOnly && decided.intent() == Intent.BOOK);
    }

    private static IntentRules.Cue decide(List<IntentRules.Cue> cues, IntentRules.Slots slots, YesNo.Answer answer) {
        Optional<IntentRules.Cue> specific = cues.stream()
                .filter(c -> c.intent() != Intent.GREETING && c.intent() != Intent.GOODBYE)
                .min(STRONGEST_FIRST);
        if (specific.isPresent()) {
            return specific.get();
        }
        Optional<IntentRules.Cue> goodbye = strongest(cues, Intent.GOODBYE);
        if (goodbye.isPresent()) {
            return goodbye.get();
        }
        if (slots.service() || slots.dateOrTime()) {
            return new IntentRules.Cue(Intent.BOOK, slots.service() ? SLOT_ONLY_WITH_SERVICE : SLOT_ONLY);
        }
        Optional<IntentRules.Cue> greeting = strongest(cues, Intent.GREETING);
        if (greeting.isPresent()) {
            return greeting.get();
        }
        if (answer != YesNo.Answer.NEITHER) {
            return new IntentRules.Cue(Intent.BOOK, YES_NO_ONLY); // a confirmation: the dialogue knows of what
        }
        return new IntentRules.Cue(Intent.OUT_OF_SCOPE, FALLBACK);
    }

    private static Optional<IntentRules.Cue> strongest(List<IntentRules.Cue> cues, Intent intent) {
        return cues.stream().filter(c -> c.intent() == intent).min(STRONGEST_FIRST);
    }

    /** The catalog rarely changes between messages, so the matcher of the last one is kept. */
    private ServiceMatcher matcher(Workspace workspace) {
        List<Workspace.Service> catalog = workspace == null ? List.of() : workspace.services();
        CachedMatcher cached = lastMatcher.get();
        if (cached != null && (cached.catalog() == catalog || cached.catalog().equals(catalog))) {
            return cached.matcher();
        }
        ServiceMatcher fresh = new ServiceMatcher(catalog);
        lastMatcher.set(new CachedMatcher(catalog, fresh));
        return fresh;
    }
}
