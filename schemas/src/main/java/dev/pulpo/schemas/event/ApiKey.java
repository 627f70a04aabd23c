package dev.pulpo.schemas.event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A caller's credential, bound to one workspace. Published on the compacted {@code api-keys} topic, keyed by
 * its id, so every instance knows every key without a database. The key itself is never stored: only its
 * SHA-256, which is enough for a key of 256 random bits (nobody guesses one, so no slow hash is needed).
 *
 * <p>A key reads {@code pulpo_<key id>_<secret>}: the id finds the record, the hash of the whole key proves it.
 *
 * @param revokedAt when it stopped opening anything, or null while it is valid
 */
public record ApiKey(
        int schemaVersion,
        String keyId,
        String workspaceId,
        String name,
        String keyHash,
        OffsetDateTime createdAt,
        OffsetDateTime revokedAt) {

    public static final int VERSION = 1;
    public static final int MAX_NAME = 128;
    private static final Pattern FORMAT = Pattern.compile("pulpo_([0-9a-f]{16})_[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    public ApiKey {
        Require.text(keyId, "key_id");
        Require.text(workspaceId, "workspace_id");
        Require.text(keyHash, "key_hash");
        Require.present(createdAt, "created_at");
        name = name == null ? "" : name;
        if (name.length() > MAX_NAME) {
            throw new IllegalArgumentException("name is longer than " + MAX_NAME + " characters");
        }
    }

    /** A new key and its record: the key is shown once to whoever asked for it, the record is published. */
    public record Issued(String key, ApiKey record) {
        @Override
        public String toString() {
            return "Issued[key_id=" + record.keyId() + "]";
        }
    }

    public static Issued issue(String workspaceId, String name, OffsetDateTime now) {
        byte[] id = new byte[8];
        byte[] secret = new byte[32];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(secret);
        String keyId = HexFormat.of().formatHex(id);
        String key = "pulpo_" + keyId + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return new Issued(key, new ApiKey(VERSION, keyId, workspaceId, name, hash(key), now, null));
    }

    /** The id inside a presented key, or empty when it is not shaped like one of ours. */
    public static Optional<String> idOf(String presented) {
        if (presented == null) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(presented);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** True when {@code presented} is this key and the key is not revoked; compared in constant time. */
    public boolean opens(String presented) {
        return revokedAt == null && presented != null && MessageDigest.isEqual(
                keyHash.getBytes(StandardCharsets.US_ASCII), hash(presented).getBytes(StandardCharsets.US_ASCII));
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    public ApiKey revokedAt(OffsetDateTime when) {
        return new ApiKey(schemaVersion, keyId, workspaceId, name, keyHash, createdAt, when);
    }

    static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
