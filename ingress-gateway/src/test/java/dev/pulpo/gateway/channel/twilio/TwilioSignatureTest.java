package dev.pulpo.gateway.channel.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulpo.gateway.web.BadRequestException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;

/** Which URL the signature is checked against, and the local-only switch, without a server. */
class TwilioSignatureTest {
    private static final Map<String, String> FORM = Map.of("MessageSid", "SM1", "Body", "hola");

    @Test
    void withoutAPublicBaseUrlTheUrlTheRequestReachedIsSigned() {
        TwilioSignature signature = new TwilioSignature(new TwilioSettings("token", null, true));
        MockHttpServletRequest request = request("/webhook/pulpo/twilio/wa/inbound", "a=1");

        request.addHeader(TwilioSignature.HEADER, TwilioRequests.signature("token",
                "http://gateway.internal:8000/webhook/pulpo/twilio/wa/inbound?a=1", FORM));

        signature.verify(request, FORM);
    }

    @Test
    void withAPublicBaseUrlItsPathPrefixAndTheQueryAreSigned() {
        TwilioSignature signature = new TwilioSignature(
                new TwilioSettings("token", "https://salon.example.com/pulpo/", true));
        MockHttpServletRequest request = request("/webhook/pulpo/twilio/status", "outbound_id=o%3A1");

        assertThat(signature.publicUrl(request))
                .isEqualTo("https://salon.example.com/pulpo/webhook/pulpo/twilio/status?outbound_id=o%3A1");
    }

    @Test
    void withoutAnAuthTokenEverySignedRequestIsRefused() {
        TwilioSignature signature = new TwilioSignature(new TwilioSettings(" ", null, true));
        MockHttpServletRequest request = request("/webhook/pulpo/twilio/wa/inbound", null);
        request.addHeader(TwilioSignature.HEADER, "anything");

        assertThatThrownBy(() -> signature.verify(request, FORM)).isInstanceOfSatisfying(BadRequestException.class,
                e -> assertThat(e.status()).isEqualTo(HttpStatus.FORBIDDEN));
    }

    @Test
    void withTheCheckOffAnUnsignedRequestPasses() {
        TwilioSignature signature = new TwilioSignature(new TwilioSettings(null, null, false));

        signature.verify(request("/webhook/pulpo/twilio/wa/inbound", null), FORM);
    }

    private static MockHttpServletRequest request(String uri, String query) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", uri);
        request.setScheme("http");
        request.setServerName("gateway.internal");
        request.setServerPort(8000);
        request.setQueryString(query);
        return request;
    }
}
