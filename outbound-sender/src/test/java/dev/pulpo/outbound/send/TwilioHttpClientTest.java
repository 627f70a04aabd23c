package dev.pulpo.outbound.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class TwilioHttpClientTest {

    @Test
    void theSdksUrlIsSentToTheBaseUrlWithItsPathKept() {
        TwilioHttpClient client = new TwilioHttpClient("http://localhost:8089/", Duration.ofSeconds(1));

        URI sent = client.rebase(URI.create("https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json?x=1"));

        assertThat(sent).hasToString("http://localhost:8089/2010-04-01/Accounts/AC1/Messages.json?x=1");
    }

    @Test
    void aBaseUrlWithAPathPrefixesTheSdksPath() {
        TwilioHttpClient client = new TwilioHttpClient("https://proxy.example.com/twilio", Duration.ofSeconds(1));

        assertThat(client.rebase(URI.create("https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json")))
                .hasToString("https://proxy.example.com/twilio/2010-04-01/Accounts/AC1/Messages.json");
    }

    @Test
    void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
        assertThat(TwilioHttpClient.parseRetryAfter("7")).isEqualTo(Duration.ofSeconds(7));
        String inAMinute = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(61).format(DateTimeFormatter.RFC_1123_DATE_TIME);
        assertThat(TwilioHttpClient.parseRetryAfter(inAMinute)).isBetween(Duration.ofSeconds(55), Duration.ofSeconds(61));
        assertThat(TwilioHttpClient.parseRetryAfter("soon")).isNull();
    }
}
