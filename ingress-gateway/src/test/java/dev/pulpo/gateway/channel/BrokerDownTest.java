package dev.pulpo.gateway.channel;

import dev.pulpo.gateway.auth.Caller;
import dev.pulpo.gateway.channel.n8n.ReplySettings;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.pulpo.gateway.channel.n8n.N8nInboundAdapter;
import dev.pulpo.gateway.channel.n8n.N8nIngressController;
import dev.pulpo.gateway.channel.twilio.TwilioInboundAdapter;
import dev.pulpo.gateway.channel.twilio.TwilioSettings;
import dev.pulpo.gateway.channel.twilio.TwilioSignature;
import dev.pulpo.gateway.channel.twilio.TwilioStatusAdapter;
import dev.pulpo.gateway.channel.twilio.TwilioWebhookController;
import dev.pulpo.gateway.kafka.BrokerUnavailableException;
import dev.pulpo.gateway.kafka.EventPublisher;
import dev.pulpo.gateway.limit.InboundRateLimiter;
import dev.pulpo.gateway.limit.RateLimitSettings;
import dev.pulpo.gateway.turn.TurnGateway;
import dev.pulpo.gateway.web.ApiExceptionHandler;
import dev.pulpo.schemas.DemoWorkspace;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/** With the broker down, a way in answers 503 with Retry-After, so Twilio or n8n retry later; no broker needed. */
class BrokerDownTest {
    private MockMvc mvc;

    @BeforeEach
    void gatewayWhoseBrokerIsDown() {
        TurnGateway turns = mock(TurnGateway.class);
        when(turns.submit(any())).thenReturn(CompletableFuture.failedFuture(
                new BrokerUnavailableException("inbound-snapshots", new TimeoutException("expired after 10000ms"))));
        InboundWorkspaces workspaces = mock(InboundWorkspaces.class);
        when(workspaces.byId(anyString(), anyString())).thenReturn(DemoWorkspace.load());
        when(workspaces.byBusinessPhone(anyString(), anyString())).thenReturn(DemoWorkspace.load());
        InboundRateLimiter limiter = new InboundRateLimiter(RateLimitSettings.defaults(), new SimpleMeterRegistry());
        TwilioWebhookController twilio = new TwilioWebhookController(
                new TwilioSignature(new TwilioSettings(null, null, false)), new TwilioInboundAdapter(workspaces),
                new TwilioStatusAdapter(), turns, mock(EventPublisher.class), limiter);
        mvc = MockMvcBuilders.standaloneSetup(twilio, new N8nIngressController(
                        new N8nInboundAdapter(workspaces, new ReplySettings(null, null, true)), turns, limiter))
                .setControllerAdvice(new ApiExceptionHandler()).build();
    }

    @Test
    void twiliosWebhookGets503WithRetryAfter() throws Exception {
        MvcResult started = mvc.perform(post("/webhook/pulpo/twilio/wa/inbound")
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .content("MessageSid=SM1&From=whatsapp%3A%2B5491155550001&To=whatsapp%3A%2B14155238886&Body=hola"))
                .andExpect(request().asyncStarted()).andReturn();

        mvc.perform(asyncDispatch(started))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.error").value("the message broker is unavailable; retry later"));
    }

    @Test
    void theJsonIngressGets503WithRetryAfter() throws Exception {
        MvcResult started = mvc.perform(post("/ingress/messages").requestAttr(Caller.ATTRIBUTE, Caller.unbound()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"workspaceId\":\"w\",\"userPhone\":\"+5491155550001\",\"text\":\"hola\"}"))
                .andExpect(request().asyncStarted()).andReturn();

        mvc.perform(asyncDispatch(started))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"));
    }
}
