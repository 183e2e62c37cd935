package io.mlflowlite.ui;

import io.mlflowlite.webui.WebRequest;
import io.mlflowlite.webui.WebUiContext;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who may see the UI. With API keys on, or a UI or admin key set, a visitor signs in once with the admin key or
 * the read-only UI key on the login form; the server then keeps a random session id in an HttpOnly,
 * SameSite=Strict cookie (never the key itself). Every form that POSTs carries a CSRF token: an HMAC of the
 * session id under a secret of this process, checked in constant time. Thread-safe.
 */
final class Auth {
    static final String COOKIE = "mlflowlite_ui";
    /** How long a session lasts without being used. */
    static final Duration IDLE = Duration.ofHours(12);

    /** What a signed-in visitor may do: both roles read every page; the admin key's is named for the header. */
    enum Role {
        ADMIN,
        READER,
        OPEN
    }

    record Session(String id, Role role, Instant lastSeen) {}

    private final WebUiContext context;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final byte[] secret = new byte[32];
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    Auth(WebUiContext context, Clock clock) {
        this.context = context;
        this.clock = clock;
        random.nextBytes(secret);
    }

    boolean loginRequired() {
        return context.loginRequired();
    }

    /** Whether any key can sign in (API keys on but neither an admin nor a UI key set: nobody can). */
    boolean loginPossible() {
        return context.adminKey() != null || context.uiKey() != null;
    }

    /** The visitor's session: the open one when no login is required, else the cookie's if still valid. */
    Optional<Session> session(WebRequest request) {
        if (!loginRequired()) {
            return Optional.of(new Session("open", Role.OPEN, clock.instant()));
        }
        Optional<String> id = request.cookie(COOKIE);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        Session s = sessions.get(id.get());
        Instant now = clock.instant();
        if (s == null || s.lastSeen().plus(IDLE).isBefore(now)) {
            if (s != null) {
                sessions.remove(s.id());
            }
            return Optional.empty();
        }
        Session touched = new Session(s.id(), s.role(), now);
        sessions.put(s.id(), touched);
        return Optional.of(touched);
    }

    /** Signs in with {@code key}: a new session when it is the admin or the UI key, else empty. */
    Optional<Session> login(String key) {
        Role role = null;
        if (key != null && !key.isEmpty()) {
            if (equal(key, context.adminKey())) {
                role = Role.ADMIN;
            } else if (equal(key, context.uiKey())) {
                role = Role.READER;
            }
        }
        if (role == null) {
            return Optional.empty();
        }
        byte[] id = new byte[32];
        random.nextBytes(id);
        Session s = new Session(Base64.getUrlEncoder().withoutPadding().encodeToString(id), role, clock.instant());
        sessions.put(s.id(), s);
        return Optional.of(s);
    }

    void logout(Session session) {
        sessions.remove(session.id());
    }

    /** The {@code Set-Cookie} value that keeps {@code session}. */
    static String cookie(Session session) {
        return COOKIE + "=" + session.id() + "; Path=" + io.mlflowlite.webui.WebUi.ROOT
                + "; HttpOnly; SameSite=Strict; Max-Age=" + IDLE.toSeconds();
    }

    /** The {@code Set-Cookie} value that removes it. */
    static String expiredCookie() {
        return COOKIE + "=; Path=" + io.mlflowlite.webui.WebUi.ROOT + "; HttpOnly; SameSite=Strict; Max-Age=0";
    }

    /** The CSRF token of forms shown to {@code sessionId} ({@code "login"} for the login form). */
    String csrf(String sessionId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(mac.doFinal(sessionId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Whether {@code token} is the CSRF token of {@code sessionId}. */
    boolean csrfValid(String sessionId, String token) {
        return token != null && equal(token, csrf(sessionId));
    }

    private static boolean equal(String given, String expected) {
        return expected != null
                && MessageDigest.isEqual(
                        given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }
}
