package dev.pulpo.outbound.send;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Twilio when its credentials are set, the dry run otherwise. */
@Configuration(proxyBeanMethods = false)
class SenderConfiguration {
    private static final Logger log = LoggerFactory.getLogger(SenderConfiguration.class);

    @Bean
    ReplySender replySender(TwilioSettings twilio, SendSettings sending) {
        if (!twilio.configured()) {
            log.info("No TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN: replies are printed and recorded as dry_run");
            return new DryRunSender();
        }
        log.info("Sending through Twilio at {} (account {}), status callbacks {}", twilio.apiBaseUrl(),
                twilio.accountSid(), twilio.publicBaseUrl() == null || twilio.publicBaseUrl().isBlank()
                        ? "off (PUBLIC_BASE_URL is not set)"
                        : "to " + twilio.publicBaseUrl() + TwilioSender.STATUS_CALLBACK_PATH);
        log.warn("Duplicate window: a crash after Twilio accepted a message (HTTP 201) and before its Kafka "
                + "transaction commits sends that message again after the restart; the same holds when Twilio "
                + "does not answer in time after taking it. Spot it on outbound-status: two provider_id values "
                + "for one outbound_id.");
        return new TwilioSender(twilio, sending);
    }
}
