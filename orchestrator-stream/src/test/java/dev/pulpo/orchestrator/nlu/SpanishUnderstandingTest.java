package dev.pulpo.orchestrator.nlu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.event.Workspace;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Realistic messages of the demo salon's customers, against the demo catalog, on Wednesday 2025-01-15 10:00. */
class SpanishUnderstandingTest {

    private static final Workspace SALON = DemoWorkspace.load();
    private static final ZonedDateTime NOW =
            ZonedDateTime.parse("2025-01-15T10:00:00-03:00").withZoneSameInstant(ZoneId.of(SALON.timezone()));

    private final SpanishUnderstanding nlu = new SpanishUnderstanding();

    private Understanding understand(String text) {
        return nlu.understand(text, SALON, NOW);
    }

    /** Columns: message | intent | service | date | time. An empty slot column means the slot must be absent. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            hola                                                      | greeting      |                  |            |
            Hola!! 😊                                                 | greeting      |                  |            |
            buenas tardes                                             | greeting      |                  |            |
            HOLAAA                                                    | greeting      |                  |            |
            buen día, cómo andás?                                     | greeting      |                  |            |
            hola quiero un turno                                      | book          |                  |            |
            quiero sacar turno para corte                             | book          | Corte de Cabello |            |
            para corte mañana a las 10                                | book          | Corte de Cabello | 2025-01-16 | 10:00
            tienen lugar mañana?                                      | book          |                  | 2025-01-16 |
            tenés turno el viernes a las 3?                           | book          |                  | 2025-01-17 | 15:00
            me quiero cortar el pelo el sábado                        | book          | Corte de Cabello | 2025-01-18 |
            quisiera reservar un brushin para hoy a las 6             | book          | Brushing         | 2025-01-15 | 18:00
            necesito hacerme las uñas el jueves                       | book          | Manicura         | 2025-01-16 |
            QUIERO TURNO PARA COLORACION                              | book          | Coloración       |            |
            hay disponibilidad para keratina el 20?                   | book          | Alisado          | 2025-01-20 |
            corte                                                     | book          | Corte de Cabello |            |
            el viernes a las 3                                        | book          |                  | 2025-01-17 | 15:00
            mejor a las 5                                             | book          |                  |            | 17:00
            manicur                                                   | book          | Manicura         |            |
            turno para barba pasado mañana 11hs                       | book          | Corte de Barba   | 2025-01-17 | 11:00
            podés anotarme para mechas el 3 de febrero?               | book          | Coloración       | 2025-02-03 |
            me podrías agendar un alisado el 20/1 a las 9?            | book          | Alisado          | 2025-01-20 | 09:00
            buenas! tendrías algo para planchita mañana a la tarde?   | book          | Brushing         | 2025-01-16 |
            quiero turno para el lunes que viene a las 4 y media      | book          |                  | 2025-01-20 | 16:30
            tenés lugar hoy al mediodía para un peinado?              | book          | Brushing         | 2025-01-15 | 12:00
            dale, reservame para el martes 15:30                      | book          |                  | 2025-01-21 | 15:30
            hola! quería un turno para teñirme                        | book          | Coloración       |            |
            Quiero hacerme reflejos                                   | book          | Coloración       |            |
            quiero un corte y barba                                   | book          | Corte de Cabello |            |
            tienen turnos libres la semana que viene?                 | book          |                  | 2025-01-20 |
            me quiero hacer semipermanente el viernes 17 a las 10     | book          | Manicura         | 2025-01-17 | 10:00
            el 20                                                     | book          |                  | 2025-01-20 |
            a las 10 de la mañana                                     | book          |                  |            | 10:00
            colorasion el sabado                                      | book          | Coloración       | 2025-01-18 |
            perfilado de barba para mañana                            | book          | Corte de Barba   | 2025-01-16 |
            afeitado                                                  | book          | Corte de Barba   |            |
            hay hueco para un recorte hoy?                            | book          | Corte de Cabello | 2025-01-15 |
            puedo ir mañana a las 17?                                 | book          |                  | 2025-01-16 | 17:00
            tenés algo para el 3/2?                                   | book          |                  | 2025-02-03 |
            quiero turno lo antes posible                             | book          |                  |            |
            💅 manicure para el jueves 💅                             | book          | Manicura         | 2025-01-16 |
            tenes turno pa mñn?                                       | book          |                  | 2025-01-16 |
            a las 3 esta bien?                                        | book          |                  |            | 15:00
            quiero el alisado con keratina                            | book          | Alisado          |            |
            brushing x favor                                          | book          | Brushing         |            |
            barva                                                     | book          | Corte de Barba   |            |
            hola, cuánto sale el corte?                               | info_price    | Corte de Cabello |            |
            cuánto sale?                                              | info_price    |                  |            |
            precio del alisado con keratina                           | info_price    | Alisado          |            |
            cuanto esta la coloracion                                 | info_price    | Coloración       |            |
            q precio tiene el brushing?                               | info_price    | Brushing         |            |
            qué servicios tienen?                                     | info_price    |                  |            |
            cuanto cuesta la manicura                                 | info_price    | Manicura         |            |
            hacen keratina?                                           | info_price    | Alisado          |            |
            CUANTO SALE EL CORTE DE BARBA???                          | info_price    | Corte de Barba   |            |
            me pasás la lista de precios?                             | info_price    |                  |            |
            cuánto tarda el alisado?                                  | info_price    | Alisado          |            |
            aceptan mercado pago?                                     | info_price    |                  |            |
            hola quiero un turno, cuanto sale la manicura?            | info_price    | Manicura         |            |
            cuanto sale el tinte x favor                              | info_price    | Coloración       |            |
            me hago las uñas, cuánto es?                              | info_price    | Manicura         |            |
            a qué hora abren el sábado?                               | info_hours    |                  | 2025-01-18 |
            cuál es el horario?                                       | info_hours    |                  |            |
            hasta qué hora atienden hoy?                              | info_hours    |                  | 2025-01-15 |
            están abiertos los domingos?                              | info_hours    |                  | 2025-01-19 |
            atienden los feriados?                                    | info_hours    |                  |            |
            que horarios tienen                                       | info_hours    |                  |            |
            a q hora cierran                                          | info_hours    |                  |            |
            buenas, q dias atienden?                                  | info_hours    |                  |            |
            dónde quedan?                                             | info_location |                  |            |
            dirección                                                 | info_location |                  |            |
            donde estan ubicados                                      | info_location |                  |            |
            cómo llego?                                               | info_location |                  |            |
            hola, en que zona están?                                  | info_location |                  |            |
            quiero cancelar                                           | cancel        |                  |            |
            no voy a poder ir                                         | cancel        |                  |            |
            cancelá el turno del viernes porfa                        | cancel        |                  | 2025-01-17 |
            necesito anular mi turno de mañana                        | cancel        |                  | 2025-01-16 |
            NO VOY A PODER IR MAÑANA, LO CANCELO                      | cancel        |                  | 2025-01-16 |
            hola, quiero dar de baja el turno                         | cancel        |                  |            |
            no puedo ir mañana, cancelame porfa                       | cancel        |                  | 2025-01-16 |
            quiero cambiar el turno                                   | reschedule    |                  |            |
            se puede mover mi turno al jueves?                        | reschedule    |                  | 2025-01-16 |
            podemos pasar el turno para el lunes a las 10?            | reschedule    |                  | 2025-01-20 | 10:00
            mejor otro día                                            | reschedule    |                  |            |
            necesito reprogramar                                      | reschedule    |                  |            |
            no voy a poder ir el viernes, puede ser el sábado?        | reschedule    |                  | 2025-01-18 |
            cambialo para el viernes                                  | reschedule    |                  | 2025-01-17 |
            me podés correr el turno a las 6?                         | reschedule    |                  |            | 18:00
            gracias, chau                                             | goodbye       |                  |            |
            muchas gracias!!                                          | goodbye       |                  |            |
            perfecto, gracias 👍                                      | goodbye       |                  |            |
            nos vemos!                                                | goodbye       |                  |            |
            chau, hasta luego                                         | goodbye       |                  |            |
            graciasss                                                 | goodbye       |                  |            |
            quiero hablar con una persona                             | human_handoff |                  |            |
            hay algún humano?                                         | human_handoff |                  |            |
            me pasás con la encargada?                                | human_handoff |                  |            |
            OPERADOR                                                  | human_handoff |                  |            |
            necesito hablar con alguien, tengo un reclamo             | human_handoff |                  |            |
            hola, el sábado a las 10 hay lugar?                       | book          |                  | 2025-01-18 | 10:00
            y a las 11?                                               | book          |                  |            | 11:00
            tenes otro horario                                        | book          |                  |            | 
            hola buen dia, quisiera un turno para alisado el viernes 17/1 a las 14 hs | book          | Alisado          | 2025-01-17 | 14:00
            hola!!! 😊😊 quiero turno xa corte el lunes 20 a las 6 de la tarde | book          | Corte de Cabello | 2025-01-20 | 18:00
            hay que pagar seña?                                       | info_price    |                  |            | 
            abren hoy?                                                | info_hours    |                  | 2025-01-15 | 
            tienen estacionamiento?                                   | info_location |                  |            | 
            ya no necesito el turno                                   | cancel        |                  |            | 
            QUIERO CANCELAR MI TURNO DEL JUEVES 16/1                  | cancel        |                  | 2025-01-16 | 
            pasalo a las 4                                            | reschedule    |                  |            | 16:00
            necesito cambiar la hora                                  | reschedule    |                  |            | 
            nos vemos mañana a las 10                                 | goodbye       |                  | 2025-01-16 | 10:00
            Hola, buenas noches                                       | greeting      |                  |            | 
            quién ganó el partido?                                    | out_of_scope  |                  |            |
            asdfgh                                                    | out_of_scope  |                  |            |
            me recomendás una serie?                                  | out_of_scope  |                  |            |
            """)
    void understandsRealCustomerMessages(String message, String intent, String service, String date, String time) {
        Understanding u = understand(message);

        assertThat(u.intent()).as("intent of \"%s\"", message).isEqualTo(Intent.fromWire(intent));
        assertThat(u.service()).as("service of \"%s\"", message).isEqualTo(Optional.ofNullable(service));
        assertThat(u.date()).as("date of \"%s\"", message).isEqualTo(Optional.ofNullable(date).map(LocalDate::parse));
        assertThat(u.time()).as("time of \"%s\"", message).isEqualTo(Optional.ofNullable(time).map(LocalTime::parse));
    }

    @Nested
    class Confirmations {
        @ParameterizedTest
        @ValueSource(strings = {"sí", "si", "dale", "ok", "perfecto", "de una", "👍", "Sí, dale!", "si por favor",
                "OK gracias", "listo", "sii", "joya", "me sirve"})
        void aPlainYesIsAffirmative(String message) {
            Understanding u = understand(message);
            assertThat(u.affirmative()).isTrue();
            assertThat(u.negative()).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"no", "NO", "mejor no", "no gracias", "nop", "no, no me sirve", "👎"})
        void aPlainNoIsNegative(String message) {
            Understanding u = understand(message);
            assertThat(u.negative()).isTrue();
            assertThat(u.affirmative()).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"no voy a poder ir", "sí, pero a las 5", "quiero un corte", "hola", "nos vemos"})
        void aMessageThatSaysMoreIsNeitherYesNorNo(String message) {
            Understanding u = understand(message);
            assertThat(u.affirmative()).isFalse();
            assertThat(u.negative()).isFalse();
        }

        @Test
        void aBareYesIsABookingConfirmationForTheDialogueToPlace() {
            Understanding u = understand("dale");
            assertThat(u.intent()).isEqualTo(Intent.BOOK);
            assertThat(u.confidence()).isLessThan(0.5);
        }
    }

    @Nested
    class Confidence {
        @Test
        void aClearKeywordIsAtLeastNinetyPercent() {
            assertThat(understand("quiero cancelar el turno").confidence()).isGreaterThanOrEqualTo(0.9);
            assertThat(understand("cuánto sale el corte?").confidence()).isGreaterThanOrEqualTo(0.9);
            assertThat(understand("hola").confidence()).isGreaterThanOrEqualTo(0.9);
        }

        @Test
        void aMessageWithOnlySlotsIsLessSure() {
            assertThat(understand("el viernes a las 3").confidence()).isBetween(0.5, 0.8);
            assertThat(understand("corte").confidence()).isBetween(0.5, 0.8);
        }

        @Test
        void aMisspeltServiceIsLessSureThanAnExactOne() {
            assertThat(understand("manicur").confidence()).isLessThan(understand("manicura").confidence());
        }

        @Test
        void theFallbackIsHalfSure() {
            assertThat(understand("quién ganó el partido?").confidence()).isEqualTo(0.5);
        }
    }

    @Nested
    class ServiceMatching {
        @ParameterizedTest
        @ValueSource(strings = {"como", "con", "ser", "tener", "me podes contarme algo", "ya te habia avisado",
                "que fechas tienen", "hace calor", "zona norte", "unas preguntas", "lo quiero corto", "el costo"})
        void commonWordsNeverMatchAService(String message) {
            assertThat(understand(message).service()).isEmpty();
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', textBlock = """
                brushin             | Brushing
                brusing             | Brushing
                manicur             | Manicura
                manicure            | Manicura
                coloracion          | Coloración
                coloracíon          | Coloración
                keratina            | Alisado
                keratin             | Alisado
                alisao              | Alisado
                corte de pelo       | Corte de Cabello
                cortes              | Corte de Cabello
                corte de barba      | Corte de Barba
                barba y corte de pelo | Corte de Cabello
                unas mechas         | Coloración
                las uñas            | Manicura
                las unas            | Manicura
                uñas                | Manicura
                BOTOX CAPILAR       | Alisado
                """)
        void namesSynonymsAndMisspellingsGiveTheCanonicalName(String message, String service) {
            assertThat(understand(message).service()).contains(service);
        }
    }

    @Nested
    class Robustness {
        @Test
        void nullAndEmptyInputAreOutOfScope() {
            assertThat(understand(null).intent()).isEqualTo(Intent.OUT_OF_SCOPE);
            assertThat(understand("").intent()).isEqualTo(Intent.OUT_OF_SCOPE);
            assertThat(understand("   \n\t ").intent()).isEqualTo(Intent.OUT_OF_SCOPE);
        }

        @Test
        void aMissingWorkspaceOrClockDegradesWithoutThrowing() {
            assertThatNoException().isThrownBy(() -> nlu.understand("corte mañana a las 3", null, null));
            Understanding u = nlu.understand("corte mañana a las 3", null, null);
            assertThat(u.service()).isEmpty();
            assertThat(u.date()).isEmpty();
            assertThat(u.time()).contains(LocalTime.of(15, 0));
        }

        @Test
        void aVeryLongMessageIsReadUpToItsLimit() {
            String longText = "hola ".repeat(100_000) + "quiero cancelar";
            assertThat(understand(longText).intent()).isEqualTo(Intent.GREETING);
        }

        @Test
        void theSameInstanceServesDifferentCatalogs() {
            Workspace.Service nails = new Workspace.Service("nails", "Uñas Esculpidas", 1, 2, java.util.List.of("acrilicas"), 60);
            Workspace other = new Workspace(1, "w2", "Otro", "es-AR", SALON.timezone(), "ARS", null, null, null,
                    java.util.List.of(nails), null, null, null, null);
            assertThat(nlu.understand("quiero acrilicas", other, NOW).service()).contains("Uñas Esculpidas");
            assertThat(understand("quiero acrilicas").service()).isEmpty();
        }
    }
}
