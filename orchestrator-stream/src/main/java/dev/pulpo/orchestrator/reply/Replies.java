package dev.pulpo.orchestrator.reply;

import dev.pulpo.schemas.event.Workspace;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The legacy route's replies: short, friendly es-AR templates. Prices are written the Argentine way
 * ({@code $3.500}), dates as {@code el viernes 17/01}.
 */
@Component
public class Replies {
    private static final Locale ES_AR = Locale.forLanguageTag("es-AR");
    private static final List<String> WEEK = List.of("monday", "tuesday", "wednesday", "thursday", "friday",
            "saturday", "sunday");
    private static final DateTimeFormatter DAY_MONTH = DateTimeFormatter.ofPattern("dd/MM");

    public String greeting(Workspace ws) {
        return "¡Hola! Soy el asistente de " + ws.name()
                + ". Te ayudo con turnos, precios, horarios y la dirección. ¿Qué necesitás?";
    }

    @SuppressWarnings("unchecked")
    public String hours(Map<String, Object> result) {
        Map<String, Object> hours = (Map<String, Object>) result.getOrDefault("hours", Map.of());
        StringBuilder text = new StringBuilder("Nuestros horarios:");
        for (String day : WEEK) {
            List<List<String>> intervals = (List<List<String>>) hours.getOrDefault(day, List.of());
            String spans = intervals.isEmpty() ? "cerrado"
                    : intervals.stream().map(i -> i.get(0) + "-" + i.get(1)).collect(Collectors.joining(", "));
            text.append("\n• ").append(capitalize(dayName(DayOfWeek.valueOf(day.toUpperCase(Locale.ROOT)))))
                    .append(": ").append(spans);
        }
        return text.toString();
    }

    @SuppressWarnings("unchecked")
    public String prices(Map<String, Object> result, String service) {
        List<Map<String, Object>> services = (List<Map<String, Object>>) result.getOrDefault("services", List.of());
        if (service != null) {
            for (Map<String, Object> s : services) {
                if (service.equals(s.get("name"))) {
                    return "Precio para " + service + ":\n• " + priceLine(s)
                            + "\n¿Querés que te reserve un turno?";
                }
            }
        }
        String lines = services.stream().map(s -> "• " + priceLine(s)).collect(Collectors.joining("\n"));
        return "Algunos precios:\n" + lines + "\n¿Te reservo un turno para alguno?";
    }

    public String location(Workspace ws) {
        return "Estamos en " + (ws.address() == null ? "nuestro local" : ws.address()) + ". ¡Te esperamos!";
    }

    public String askService(Workspace ws) {
        String names = ws.services().stream().map(Workspace.Service::name).collect(Collectors.joining(", "));
        return "¡Dale! ¿Qué servicio querés? Tenemos: " + names + ".";
    }

    public String askDate(String service) {
        return "Perfecto, " + service + ". ¿Para qué día lo querés?";
    }

    public String offerTimes(String service, LocalDate date, List<String> freeTimes) {
        if (freeTimes.isEmpty()) {
            return "Para " + dayAndDate(date) + " no tengo lugar para " + service + ". ¿Probamos otro día?";
        }
        return "Para " + service + " " + dayAndDate(date) + " tengo estos horarios: " + summarize(freeTimes)
                + ". ¿Cuál te queda mejor?";
    }

    public String closed(LocalDate date) {
        return "Ese día estamos cerrados (" + dayAndDate(date) + "). ¿Querés otro día?";
    }

    public String notAvailable(LocalDate date, String time, List<Map<String, Object>> nearest) {
        String text = "Ese horario no está disponible (" + dayAndDate(date) + " a las " + time + ").";
        if (nearest.isEmpty()) {
            return text + " ¿Probamos otro día?";
        }
        String options = nearest.stream().map(this::slotText).collect(Collectors.joining(", "));
        return text + " Te puedo ofrecer: " + options + ". ¿Te sirve alguno?";
    }

    public String booked(String service, LocalDate date, String time) {
        return "¡Listo! Tu turno de " + service + " quedó reservado para " + dayAndDate(date) + " a las " + time
                + ". ¡Te esperamos!";
    }

    /**
     * The customer already holds as many open bookings as the salon allows ({@code limit_reached}): they must cancel
     * or move one first. Without the number (an older tool-executor), the same words without it.
     */
    public String bookingLimit(int limit) {
        if (limit == 1) {
            return "Ya tenés 1 turno reservado; para sacar otro, cancelalo o cambialo.";
        }
        String how = limit > 1 ? limit + " turnos reservados" : "varios turnos reservados";
        return "Ya tenés " + how + "; para sacar otro, cancelá o cambiá uno de ellos.";
    }

    public String cancelled(String service, LocalDate date, String time) {
        String what = service == null ? "Tu turno" : "Tu turno de " + service;
        String when = date == null ? "" : " del " + dayAndDate(date).replaceFirst("^el ", "") + " a las " + time;
        return "Listo. " + what + when + " quedó cancelado. Si querés sacar otro, escribime.";
    }

    public String nothingToCancel() {
        return "No encontré turnos a tu nombre. ¿Querés sacar uno?";
    }

    public String askReschedule() {
        return "Dale, ¿para qué día y a qué hora querés pasar tu turno?";
    }

    public String askRescheduleTime(LocalDate date) {
        return "¿A qué hora te queda bien " + dayAndDate(date) + "?";
    }

    public String rescheduled(String service, LocalDate date, String time) {
        String what = service == null ? "tu turno" : "tu turno de " + service;
        return "¡Listo! Cambié " + what + ": quedó reprogramado para " + dayAndDate(date) + " a las " + time + ".";
    }

    /** The calendar refused: say why in the customer's words, per the calendar's reason code. */
    public String rejected(String reason) {
        return switch (reason) {
            case "unknown_service", "service_not_bookable" -> "No encontré ese servicio. ¿Cuál querés reservar?";
            case "not_your_booking" -> "Ese turno no figura a tu nombre, así que no lo puedo tocar.";
            case "already_started" -> "Ese turno ya empezó, así que no lo puedo cambiar.";
            case "booking_cancelled" -> "Ese turno ya estaba cancelado.";
            default -> "Ese horario no está disponible. ¿Probamos otro día u horario?";
        };
    }

    public String textOnly(boolean hasMedia) {
        String what = hasMedia ? "Recibí tu archivo, pero por ahora" : "Por ahora";
        return what + " solo puedo leer mensajes de texto. ¿Me lo escribís? Te ayudo con turnos, precios, horarios "
                + "y la dirección.";
    }

    /**
     * The customer went past the gateway's rate limit: said once, instead of answering each message. Sent to a
     * Twilio customer only (the JSON ways in answer 429 themselves).
     */
    public String tooManyMessages() {
        return "Estás mandando muchos mensajes seguidos. Esperá un minuto y escribime de nuevo, así te respondo bien.";
    }

    /**
     * Too many of the customer's messages wait behind the one being answered: said once, and the message that
     * found the queue full is not read (it is dropped), so the customer is asked to send it again.
     */
    public String oneMoment() {
        return "Un momento, todavía estoy respondiendo tus mensajes anteriores. Lo último que me escribiste no llegué "
                + "a leerlo: mandámelo de nuevo en un ratito.";
    }

    public String handoff() {
        return "Te paso con una persona del equipo, en un ratito te responde. ¡Gracias por la paciencia!";
    }

    public String goodbye() {
        return "¡Gracias por escribirnos! Cualquier cosa, acá estoy.";
    }

    public String outOfScope() {
        return "Perdón, con eso no te puedo ayudar. Puedo ayudarte con turnos, precios, horarios y la dirección del local.";
    }

    /**
     * A workspace's own tool (an HTTP tool) answered: its {@code reply} text when it gives one, which is how an
     * n8n flow or the business's API words its answer, else a plain acknowledgement.
     */
    public String toolDone(Map<String, Object> result) {
        Object reply = result.get("reply");
        if (reply instanceof String text && !text.isBlank()) {
            return text.strip();
        }
        return "¡Listo! Ya quedó hecho. ¿Te ayudo con algo más?";
    }

    public String toolFailed() {
        return "Uy, no pude consultarlo en este momento. ¿Me lo pedís de nuevo en un ratito?";
    }

    public String dayAndDate(LocalDate date) {
        return "el " + dayName(date.getDayOfWeek()) + " " + date.format(DAY_MONTH);
    }

    public String price(long amount) {
        DecimalFormat format = new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(ES_AR));
        return "$" + format.format(amount).replace(',', '.');
    }

    private String priceLine(Map<String, Object> s) {
        long min = ((Number) s.get("price_min")).longValue();
        long max = ((Number) s.get("price_max")).longValue();
        String range = min == max ? price(min) : price(min) + "–" + price(max);
        return s.get("name") + ": " + range;
    }

    private String slotText(Map<String, Object> slot) {
        return dayAndDate(LocalDate.parse((String) slot.get("date"))) + " a las " + slot.get("time");
    }

    private static String summarize(List<String> times) {
        // A whole day on a 15-minute grid is too long for WhatsApp: show a spread of the day.
        if (times.size() <= 8) {
            return String.join(", ", times);
        }
        int step = (int) Math.ceil(times.size() / 8.0);
        StringBuilder picked = new StringBuilder();
        for (int i = 0; i < times.size(); i += step) {
            if (!picked.isEmpty()) {
                picked.append(", ");
            }
            picked.append(times.get(i));
        }
        return picked.toString();
    }

    private static String dayName(DayOfWeek day) {
        return switch (day) {
            case MONDAY -> "lunes";
            case TUESDAY -> "martes";
            case WEDNESDAY -> "miércoles";
            case THURSDAY -> "jueves";
            case FRIDAY -> "viernes";
            case SATURDAY -> "sábado";
            case SUNDAY -> "domingo";
        };
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
