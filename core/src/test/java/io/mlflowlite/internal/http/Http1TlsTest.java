package io.mlflowlite.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.error.ConnectionException;
import io.mlflowlite.json.Json;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * https through mlflowlite's HTTP/1.1 client against a TLS server on a real socket, with a certificate made here by
 * the JDK's keytool: the certificate must be trusted and name the host called.
 */
class Http1TlsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private static Http1Exchanges trusting(KeyStore keys) throws Exception {
        SSLContext context = TestTls.trusting(keys);
        return new Http1Exchanges(new Http1Client(
                new ConnectionPool(8, TimeUnit.SECONDS.toNanos(30), TimeUnit.SECONDS.toNanos(5)),
                context.getSocketFactory()));
    }

    private static HttpReply post(Http1Exchanges http, String url) {
        return http.postJson("openai", URI.create(url), Map.of(), Json.object(), TIMEOUT);
    }

    @Test
    void talksTlsToATrustedServerNamedByItsCertificateAndKeepsTheConnection() throws Exception {
        KeyStore keys = TestTls.certificate(dir, "dns:localhost,ip:127.0.0.1");
        try (ScriptedServer server = TestTls.server(keys);
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
        KeyStore keys = TestTls.certificate(dir, "dns:api.example.com");
        try (ScriptedServer server = TestTls.server(keys);
                Http1Exchanges http = trusting(keys)) {
            assertThatThrownBy(() -> post(http, "https://127.0.0.1:" + server.port() + "/v1/x"))
                    .isInstanceOf(ConnectionException.class);
            assertThat(server.received()).isEmpty();
        }
    }

    @Test
    void refusesACertificateTheDefaultTrustStoreDoesNotTrust() throws Exception {
        KeyStore keys = TestTls.certificate(dir, "dns:localhost,ip:127.0.0.1");
        try (ScriptedServer server = TestTls.server(keys);
                Http1Exchanges http = new Http1Exchanges(new Http1Client())) {
            assertThatThrownBy(() -> post(http, "https://localhost:" + server.port() + "/v1/x"))
                    .isInstanceOf(ConnectionException.class);
            assertThat(server.received()).isEmpty();
        }
    }
}
