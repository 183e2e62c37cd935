package io.mlflowlite.limits;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Making and hashing key secrets. Thread-safe. */
final class Secrets {
    static final String SCHEME = "mlk-";
    /** 32 bytes = 256 bits, 43 URL-safe base64 characters. */
    private static final int SECRET_BYTES = 32;
    /** "mlk-" and six characters: recognisable in a list, 36 of the 256 bits, far too few to guess the rest. */
    private static final int PREFIX_LENGTH = SCHEME.length() + 6;
    /** Longer than any key we make: anything bigger is refused before hashing. */
    static final int MAX_LENGTH = 256;

    private static final HexFormat HEX = HexFormat.of();

    private final SecureRandom random;

    Secrets(SecureRandom random) {
        this.random = random;
    }

    String newSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        return SCHEME + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    String newId() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return "key-" + HEX.formatHex(bytes);
    }

    static String prefix(String secret) {
        return secret.substring(0, Math.min(PREFIX_LENGTH, secret.length()));
    }

    static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    static String hex(byte[] digest) {
        return HEX.formatHex(digest);
    }

    static byte[] unhex(String hex) {
        return HEX.parseHex(hex);
    }
}
