package dev.pulpo.gateway.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.pulpo.gateway.GatewaySettings;
import dev.pulpo.gateway.channel.decide.ChatInboundAdapter;
import dev.pulpo.gateway.channel.decide.ChatRequest;
import dev.pulpo.gateway.channel.decide.DecideInboundAdapter;
import dev.pulpo.gateway.channel.decide.DecideRequest;
import dev.pulpo.gateway.channel.n8n.IngressMessage;
import dev.pulpo.gateway.channel.n8n.ReplySettings;
import dev.pulpo.gateway.channel.n8n.N8nInboundAdapter;
import dev.pulpo.gateway.channel.twilio.TwilioInboundAdapter;
import dev.pulpo.gateway.web.BadRequestException;
import dev.pulpo.gateway.workspace.WorkspaceDirectory;
import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.event.InboundSnapshot;
import java.text.Normalizer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.http.HttpStatus;

/**
 * The same limits on every way in: a message id (Twilio's MessageSid) and a profile name of at most 128
 * characters, a text of at most 4096 after NFC, well-formed Unicode; each refusal a 400 naming the field and
 * the limit. Characters are code points: an emoji is one, however many UTF-16 units it takes.
 */
class InputLimitsTest {
    private static final String PHONE = "+5491155550001";
    private static final String SALON = "+14155238886";
    /** 😀: one character, two UTF-16 units. */
    private static final String EMOJI = "\uD83D\uDE00";
    /** é written as e + a combining acute accent: two characters, one after NFC. */
    private static final String DECOMPOSED_E = "e\u0301";

    /** One way in, fed the fields under test; its field names are the ones its callers send. */
    enum Way {
        TWILIO("MessageSid", "ProfileName", "Body"),
        N8N("message_id", "profile_name", "text"),
        DECIDE("message_id", null, "text"),
        CHAT(null, null, "text");

        final String idField;
        final String nameField;
        final String textField;

        Way(String idField, String nameField, String textField) {
            this.idField = idField;
            this.nameField = nameField;
            this.textField = textField;
        }

        InboundSnapshot send(String messageId, String profileName, String text) {
            InboundWorkspaces workspaces = workspaces();
            return switch (this) {
                case TWILIO -> {
                    Map<String, String> form = new LinkedHashMap<>();
                    form.put("MessageSid", messageId == null ? "SM0123456789abcdef0123456789abcdef" : messageId);
                    form.put("From", "whatsapp:" + PHONE);
                    form.put("To", "whatsapp:" + SALON);
                    form.put("Body", text);
                    if (profileName != null) {
                        form.put("ProfileName", profileName);
                    }
                    yield new TwilioInboundAdapter(workspaces).toSnapshot(form);
                }
                case N8N -> new N8nInboundAdapter(workspaces, new ReplySettings(null, null, true)).toSnapshot(new IngressMessage(DemoWorkspace.ID, PHONE,
                        text, messageId, null, null, profileName, null));
                case DECIDE -> new DecideInboundAdapter(workspaces).toSnapshot(
                        new DecideRequest(PHONE, text, messageId, null, DemoWorkspace.ID));
                case CHAT -> new ChatInboundAdapter(workspaces).toSnapshot(new ChatRequest(DemoWorkspace.ID, PHONE, text));
            };
        }
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void aTextOf4096CharactersAfterNfcPassesAndIsCarriedInNfc(Way way) {
        // 4096 emoji are 8192 UTF-16 units; 4096 decomposed é are 8192 characters until NFC makes them 4096
        assertThat(way.send(null, null, EMOJI.repeat(4096)).text()).isEqualTo(EMOJI.repeat(4096));
        InboundSnapshot decomposed = way.send(null, null, DECOMPOSED_E.repeat(4096));

        assertThat(decomposed.text()).isEqualTo("\u00e9".repeat(4096));
        assertThat(Normalizer.isNormalized(decomposed.text(), Normalizer.Form.NFC)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void aTextOf4097CharactersAfterNfcIsA400NamingTheTextAndTheLimit(Way way) {
        refused(() -> way.send(null, null, EMOJI.repeat(4097)), way.textField, "4096");
        refused(() -> way.send(null, null, DECOMPOSED_E.repeat(4097)), way.textField, "4096");
    }

    @ParameterizedTest
    @EnumSource(value = Way.class, names = {"TWILIO", "N8N", "DECIDE"})
    void aMessageIdOf128CharactersPassesAnd129IsA400(Way way) {
        assertThat(way.send("m".repeat(127) + "x", null, "hola").messageId()).hasSize(128);
        refused(() -> way.send("m".repeat(129), null, "hola"), way.idField, "128");
        refused(() -> way.send(EMOJI.repeat(129), null, "hola"), way.idField, "128");
    }

    @ParameterizedTest
    @EnumSource(value = Way.class, names = {"TWILIO", "N8N"})
    void aProfileNameOf128CharactersPassesAnd129IsA400(Way way) {
        assertThat(way.send(null, EMOJI.repeat(128), "hola").profileName()).isEqualTo(EMOJI.repeat(128));
        assertThat(way.send(null, "Jose" + "\u0301", "hola").profileName()).isEqualTo("Jos\u00e9");
        refused(() -> way.send(null, "n".repeat(129), "hola"), way.nameField, "128");
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void aTextWithALoneSurrogateIsA400(Way way) {
        refused(() -> way.send(null, null, "hola \uD83D"), way.textField, "not valid Unicode");
        refused(() -> way.send(null, null, "\uDE00 hola"), way.textField, "not valid Unicode");
    }

    @ParameterizedTest
    @EnumSource(value = Way.class, names = {"TWILIO", "N8N", "DECIDE"})
    void aMessageIdWithALoneSurrogateIsA400(Way way) {
        refused(() -> way.send("id-\uD800", null, "hola"), way.idField, "not valid Unicode");
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void oddButWellFormedTextIsKept(Way way) {
        // right-to-left marks, zero-width joiners, a NUL, a family emoji: strange, but text
        String odd = "\u202Eabc\u200D\u200B\u0000 \uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67";
        assertThat(way.send(null, null, odd).text()).isEqualTo(Normalizer.normalize(odd, Normalizer.Form.NFC));
    }

    private static void refused(ThrowingCallable call, String field, String says) {
        assertThatThrownBy(call).isInstanceOfSatisfying(BadRequestException.class, e -> {
            assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage()).contains("'" + field + "'", says);
        });
    }

    private static InboundWorkspaces workspaces() {
        WorkspaceDirectory directory = mock(WorkspaceDirectory.class);
        when(directory.find(DemoWorkspace.ID)).thenReturn(Optional.of(DemoWorkspace.load()));
        when(directory.byPhone(SALON)).thenReturn(Optional.of(DemoWorkspace.load()));
        return new InboundWorkspaces(directory, new GatewaySettings(null, null, false, null, null, null));
    }
}
