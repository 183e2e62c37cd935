package io.mlflowlite.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.error.ConfigurationException;
import io.mlflowlite.error.ConnectionException;
import io.mlflowlite.json.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Provider requests through an HTTP proxy, as corporate networks need: https tunnelled with CONNECT, plain http in
 * absolute form, the proxy's credentials, NO_PROXY and Java's ProxySelector. The upstream host names resolve
 * nowhere; only the proxy (a {@link TestProxy} on a real socket) can reach them, on loopback.
 */
class ProxyTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private static Http1Exchanges trusting(KeyStore keys, Proxies proxies) throws Exception {
        SSLContext context = TestTls.trusting(keys);
        return new Http1Exchanges(new Http1Client(
                new ConnectionPool(8, TimeUnit.SECONDS.toNanos(30), TimeUnit.SECONDS.toNanos(5)),
                context.getSocketFactory(),
                proxies));
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void httpsIsTunnelledThroughTheProxyWithConnectAndTheCertificateIsStillChecked() throws Exception {
        KeyStore keys = TestTls.certificate(dir, "dns:api.provider.test");
        try (ScriptedServer upstream = TestTls.server(keys);
                TestProxy proxy = new TestProxy(null);
                Http1Exchanges http = trusting(
                        keys, Proxies.fromEnv(Map.of("HTTPS_PROXY", "http://127.0.0.1:" + proxy.port()), null))) {
            String url = "https://api.provider.test:" + upstream.port() + "/v1/chat/completions";

            assertThat(http.postJson("openai", URI.create(url), Map.of(), Json.object(), TIMEOUT)
                            .body())
                    .isEqualTo("{\"ok\":true}");
            assertThat(http.postJson("openai", URI.create(url), Map.of(), Json.object(), TIMEOUT)
                            .body())
                    .isEqualTo("{\"ok\":true}");

            assertThat(proxy.heads())
                    .singleElement()
                    .asString()
                    .startsWith("CONNECT api.provider.test:" + upstream.port() + " HTTP/1.1\r\n");
            assertThat(upstream.received())
                    .extracting(ScriptedServer.Received::onConnection)
                    .containsExactly(0, 1);
            assertThat(upstream.received().getFirst().head())
                    .startsWith("POST /v1/chat/completions HTTP/1.1\r\n")
                    .contains("\r\nHost: api.provider.test:" + upstream.port() + "\r\n");
        }
    }

    @Test
    void theProxysCredentialsFromItsUrlAreSentAndA407SaysHowToSetThem() throws Exception {
        KeyStore keys = TestTls.certificate(dir, "dns:api.provider.test");
        try (ScriptedServer upstream = TestTls.server(keys);
                TestProxy proxy = new TestProxy(basic("alice:s3cr%t"))) {
            String url = "https://api.provider.test:" + upstream.port() + "/v1/x";
            try (Http1Exchanges http = trusting(
                    keys,
                    Proxies.fromEnv(Map.of("https_proxy", "http://alice:s3cr%25t@127.0.0.1:" + proxy.port()), null))) {
                assertThat(http.postJson("openai", URI.create(url), Map.of(), Json.object(), TIMEOUT)
                                .body())
                        .isEqualTo("{\"ok\":true}");
            }
            try (Http1Exchanges http =
                    trusting(keys, Proxies.fromEnv(Map.of("HTTPS_PROXY", "127.0.0.1:" + proxy.port()), null))) {
                assertThatThrownBy(() -> http.postJson("openai", URI.create(url), Map.of(), Json.object(), TIMEOUT))
                        .isInstanceOf(ConnectionException.class)
                        .hasMessageContaining("407")
                        .hasMessageContaining("http://user:password@host:port");
            }
        }
    }

    @Test
    void plainHttpGoesToTheProxyInAbsoluteFormOnBothClients() throws Exception {
        for (String client : List.of("", "jdk")) {
            try (ScriptedServer upstream = new ScriptedServer(r -> ScriptedServer.Answer.thenClose(TestTls.OK));
                    TestProxy proxy = new TestProxy(basic("bob:pw"));
                    HttpTransport transport = HttpTransport.fromEnv(Map.of(
                            HttpTransport.CLIENT_VARIABLE,
                            client,
                            "HTTP_PROXY",
                            "http://bob:pw@127.0.0.1:" + proxy.port()))) {
                String url = "http://models.internal.test:" + upstream.port() + "/v1/chat/completions";

                assertThat(transport
                                .postJson("openai", URI.create(url), Map.of(), Json.object(), TIMEOUT)
                                .body())
                        .as(client)
                        .isEqualTo("{\"ok\":true}");

                assertThat(proxy.heads()).last().asString().as(client).startsWith("POST " + url + " HTTP/1.1\r\n");
            }
        }
    }

    @Test
    void noProxyAndLoopbackHostsGoDirectAndOtherHostsThroughTheProxy() {
        Proxies proxies = Proxies.fromEnv(
                Map.of(
                        "HTTPS_PROXY",
                        "http://proxy.corp:3128",
                        "NO_PROXY",
                        "internal.corp, .svc.cluster.local,api.example.com:8443"),
                null);
        Proxy corp = new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("proxy.corp", 3128));

        assertThat(proxies.choose(URI.create("https://api.openai.com/v1"))).isEqualTo(corp);
        assertThat(proxies.choose(URI.create("https://internal.corp/v1"))).isEqualTo(Proxy.NO_PROXY);
        assertThat(proxies.choose(URI.create("https://llm.internal.corp/v1"))).isEqualTo(Proxy.NO_PROXY);
        assertThat(proxies.choose(URI.create("https://vllm.default.svc.cluster.local/v1")))
                .isEqualTo(Proxy.NO_PROXY);
        assertThat(proxies.choose(URI.create("https://api.example.com:8443/v1")))
                .isEqualTo(Proxy.NO_PROXY);
        assertThat(proxies.choose(URI.create("https://api.example.com/v1"))).isEqualTo(corp);
        assertThat(proxies.choose(URI.create("https://notinternal.corp/v1"))).isEqualTo(corp);
        assertThat(proxies.choose(URI.create("http://localhost:11434/v1"))).isEqualTo(Proxy.NO_PROXY);
        assertThat(proxies.choose(URI.create("https://127.0.0.1:8000/v1"))).isEqualTo(Proxy.NO_PROXY);
        // HTTPS_PROXY is for https only; with no HTTP_PROXY, plain http goes direct
        assertThat(proxies.choose(URI.create("http://api.openai.com/v1"))).isEqualTo(Proxy.NO_PROXY);
        assertThat(Proxies.fromEnv(Map.of("HTTPS_PROXY", "http://p:1", "NO_PROXY", "*"), null)
                        .choose(URI.create("https://api.openai.com/v1")))
                .isEqualTo(Proxy.NO_PROXY);
    }

    @Test
    void withoutProxyVariablesJavasProxySelectorDecides() throws Exception {
        KeyStore keys = TestTls.certificate(dir, "dns:api.provider.test");
        try (ScriptedServer upstream = TestTls.server(keys);
                TestProxy proxy = new TestProxy(null)) {
            ProxySelector system = new ProxySelector() {
                @Override
                public List<Proxy> select(URI uri) {
                    return List.of(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", proxy.port())));
                }

                @Override
                public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {}
            };
            try (Http1Exchanges http = trusting(keys, Proxies.fromEnv(Map.of(), system))) {
                String url = "https://api.provider.test:" + upstream.port() + "/v1/x";
                assertThat(http.postJson("openai", URI.create(url), Map.of(), Json.object(), TIMEOUT)
                                .body())
                        .isEqualTo("{\"ok\":true}");
            }
            assertThat(proxy.heads()).singleElement().asString().startsWith("CONNECT api.provider.test:");
        }
    }

    @Test
    void aProxyUrlThatCannotBeUsedIsAConfigurationErrorNamingTheVariable() {
        assertThatThrownBy(() -> HttpTransport.fromEnv(Map.of("HTTPS_PROXY", "socks5://proxy.corp:1080")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("HTTPS_PROXY")
                .hasMessageContaining("SOCKS")
                .hasMessageContaining("http://");
    }
}
