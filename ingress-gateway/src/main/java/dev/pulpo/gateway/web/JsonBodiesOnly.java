package dev.pulpo.gateway.web;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The gateway reads and writes JSON (and Twilio's form and TwiML, which it handles itself). The YAML, XML, CBOR
 * and Smile converters that land on the class path with other libraries are taken out of Spring MVC: a request
 * body in one of those formats is a 415, not a parser nobody meant to expose (a crafted YAML body made the
 * YAML reader fail with a 500).
 */
@Configuration(proxyBeanMethods = false)
class JsonBodiesOnly implements WebMvcConfigurer {
    private static final Set<String> OTHER_FORMATS = Set.of("yaml", "xml", "cbor", "smile");

    @Override
    public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
        builder.configureMessageConvertersList(converters -> converters.removeIf(JsonBodiesOnly::otherFormat));
    }

    static boolean otherFormat(HttpMessageConverter<?> converter) {
        List<MediaType> types = converter.getSupportedMediaTypes();
        return !types.isEmpty() && types.stream().allMatch(type -> OTHER_FORMATS.stream()
                .anyMatch(format -> type.getSubtype().toLowerCase(Locale.ROOT).contains(format)));
    }
}
