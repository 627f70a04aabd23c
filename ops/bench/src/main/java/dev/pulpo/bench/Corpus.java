package dev.pulpo.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The texts the understanding benchmark reads, by name; the same every run (fixed seeds). */
public enum Corpus {
    /** Every distinct customer turn of the golden conversations (ops/golden): what salons' customers write. */
    salon,
    /** 1,000 random texts of 1 to 2,000 characters: salon words, numbers, times, noise, accents, emoji. */
    random,
    /** 200 random texts of exactly 2,000 characters: the long end, where a non-linear step would show. */
    random2000;

    static final int MAX_CHARS = 2_000;
    private static final long SEED = 20_251_103L;

    public List<String> texts() {
        return switch (this) {
            case salon -> salonMessages();
            case random -> RandomTexts.generate(SEED, 1_000, 1, MAX_CHARS);
            case random2000 -> RandomTexts.generate(SEED + 1, 200, MAX_CHARS, MAX_CHARS);
        };
    }

    static List<String> salonMessages() {
        try (InputStream in = Corpus.class.getClassLoader().getResourceAsStream("salon-messages.txt")) {
            if (in == null) {
                throw new IllegalStateException("salon-messages.txt is missing from the class path");
            }
            List<String> lines = new ArrayList<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    lines.add(line);
                }
            }
            return List.copyOf(lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Random texts that look enough like chat to walk every step of the understanding. */
    static final class RandomTexts {
        private static final String[] WORDS = ("hola buenas quiero sacar turno para corte coloracion brushing manicura "
                + "mañana pasado el lunes martes miércoles jueves viernes sábado domingo a las 3 5 10:30 18hs de la tarde "
                + "noche mediodía cuánto sale precio dónde están dirección horario abren cierran cancelar cancelá "
                + "mover cambiar reprogramar hablar con una persona humano gracias chau dale sí no ok joya genial "
                + "tenés algo libre 15/11 3/12 el 20 próximo semana que viene hoy tipo corte d pelo barba uñas "
                + "xq q k tmb porfa porfavor ahhh jajaja mmm bueno listo perfecto 🙌 😊 👍 ¿ ? ! ¡ , . ... ñandú "
                + "ÁÉÍÓÚ ü lorem ipsum zzzz 12345 +5491155501060 http://example.com/x?y=1 #@$%&*()").split(" ");
        private static final String NOISE = "abcdefghijklmnopqrstuvwxyzáéíóúñ0123456789 .,;:!?¿¡-_/()'\"";

        private RandomTexts() {
        }

        static List<String> generate(long seed, int count, int minLength, int maxLength) {
            if (minLength < 1 || maxLength < minLength) {
                throw new IllegalArgumentException("lengths must satisfy 1 <= min <= max");
            }
            SplittableRandom random = new SplittableRandom(seed);
            List<String> texts = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int length = minLength + random.nextInt(maxLength - minLength + 1);
                texts.add(text(random, length));
            }
            return List.copyOf(texts);
        }

        private static String text(SplittableRandom random, int length) {
            StringBuilder text = new StringBuilder(length + 16);
            while (text.length() < length) {
                if (random.nextInt(5) == 0) {
                    int n = 1 + random.nextInt(8);
                    for (int k = 0; k < n; k++) {
                        text.append(NOISE.charAt(random.nextInt(NOISE.length())));
                    }
                } else {
                    text.append(WORDS[random.nextInt(WORDS.length)]);
                }
                text.append(random.nextInt(7) == 0 ? ", " : " ");
            }
            // Cut to the length, without leaving half of a surrogate pair (an emoji) at the end.
            if (Character.isHighSurrogate(text.charAt(length - 1))) {
                text.setCharAt(length - 1, 'x');
            }
            return text.substring(0, length);
        }
    }
}
