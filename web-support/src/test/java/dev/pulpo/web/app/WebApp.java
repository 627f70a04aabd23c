package dev.pulpo.web.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A service as small as one: an endpoint that works and one that fails, with the actuator. */
@SpringBootApplication
public class WebApp {

    @RestController
    static class Endpoints {
        @GetMapping("/ok")
        String ok() {
            return "{\"ok\":true}";
        }

        @GetMapping("/boom")
        String boom() {
            throw new IllegalStateException("a bug with a secret inside: s3cr3t");
        }
    }
}
