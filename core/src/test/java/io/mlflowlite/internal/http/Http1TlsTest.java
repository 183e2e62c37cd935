package io.mlflowlite.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.error.ConnectionException;
import io.mlflowlite.json.Json;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * https through mlflowlite's HTTP/1.1 client against a TLS server on a real socket, with a certificate made here by
 * the JDK's keytool: the certificate must be trusted and name the host called.
 */
class Http1TlsTest {
    private static final String PASSWORD = "changeit";
    private static final String OK =
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n" + "{\"ok\":true}";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    /** A key store holding a self-signed certificate for {@code san} (keytool's -ext syntax). */
    private KeyStore certificate(String san) throws Exception {
        Path file = dir.resolve("server-" + Math.abs(san.hashCode()) + ".p12");
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "server",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=test",
                        "-ext",
                        "SAN=" + san,
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        file.toString(),
                        "-storepass",
                        PASSWORD,
                        "-keypass",
                        PASSWORD)
                .redirectErrorStream(true)
                .start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static ScriptedServer tlsServer(KeyStore keys) throws Exception {
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(managers.getKeyManagers(), null, null);
        return new ScriptedServer(
                context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress()),
                r -> ScriptedServer.Answer.keepAlive(OK));
    }

    private static Http1Exchanges trusting(KeyStore keys) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(keys);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return new Http1Exchanges(new Http1Client(
                new ConnectionPool(8, TimeUnit.SECONDS.toNanos(30), TimeUnit.SECONDS.toNanos(5)),
                context.getSocketFactory()));
    }

    private static HttpReply post(Http1Exchanges http, String url) {
        return http.postJson("openai", URI.create(url), Map.of(), Json.object(), TIMEOUT);
    }

    @Test
    void talksTlsToATrustedServerNamedByItsCertificateAndKeepsTheConnection() throws Exception {
        KeyStore keys = certificate("dns:localhost,ip:127.0.0.1");
        try (ScriptedServer server = tlsServer(keys);
                Http1Exchanges http = trusting(keys)) {
            String url = "https://localhost:" + server.port() + "/v1/chat/completions";

            assertThat(post(http, url).body()).isEqualTo("{\"ok\":true}");
            assertThat(post(http, url).body()).isEqualTo("{\"ok\":true}");

            List<ScriptedServer.Received> received = server.received();
            assertThat(received)
                    .extracting(ScriptedServer.Received::onConnection)
                    .containsExactly(0, 1);
            assertThat(received.getFirst().head())
                    .startsWith("POST /v1/chat/completions HTTP/1.1\r\n")
                    .contains("\r\nHost: localhost:" + server.port() + "\r\n");
        }
    }

    @Test
    void refusesACertificateThatNamesAnotherHost() throws Exception {
        KeyStore keys = certificate("dns:api.example.com");
        try (ScriptedServer server = tlsServer(keys);
                Http1Exchanges http = trusting(keys)) {
            assertThatThrownBy(() -> post(http, "https://127.0.0.1:" + server.port() + "/v1/x"))
                    .isInstanceOf(ConnectionException.class);
            assertThat(server.received()).isEmpty();
        }
    }

    @Test
    void refusesACertificateTheDefaultTrustStoreDoesNotTrust() throws Exception {
        KeyStore keys = certificate("dns:localhost,ip:127.0.0.1");
        try (ScriptedServer server = tlsServer(keys);
                Http1Exchanges http = new Http1Exchanges(new Http1Client())) {
            assertThatThrownBy(() -> post(http, "https://localhost:" + server.port() + "/v1/x"))
                    .isInstanceOf(ConnectionException.class);
            assertThat(server.received()).isEmpty();
        }
    }
}
