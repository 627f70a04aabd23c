package dev.pulpo.gateway.channel.n8n;

/** The 202 answer of {@code POST /ingress/messages}: the snapshot is stored, its decision comes on {@code decisions}. */
public record IngressAccepted(String snapshotId, String conversationId) {
}
