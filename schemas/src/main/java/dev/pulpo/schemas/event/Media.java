package dev.pulpo.schemas.event;

/** One attachment of a customer's message, as the channel gave it. */
public record Media(String url, String contentType) {
    public Media {
        Require.text(url, "url");
    }
}
