package io.mlflowlite.otel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowlite.error.ConfigurationException;
import io.mlflowlite.tracing.TraceSink;
import io.mlflowlite.tracing.TraceSinkProvider;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class OtlpSinkProviderTest {

    @Test
    void isEmptyWhenNoCollectorIsNamed() {
        assertThat(OtlpSinkProvider.configFromEnv(Map.of())).isEmpty();
        assertThat(OtlpSinkProvider.configFromEnv(Map.of("MLFLOW_TRACKING_URI", "sqlite:///mlflow.db")))
                .isEmpty();
        assertThat(new OtlpSinkProvider().fromEnv(Map.of("OTEL_SERVICE_NAME", "x")))
                .isEmpty();
    }

    @Test
    void usesTheTracesEndpointAsIs() {
        OtlpConfig config = OtlpSinkProvider.configFromEnv(Map.of(
                        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://collector:4318/custom/traces",
                        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://ignored:4318"))
                .orElseThrow();

        assertThat(config.endpoint()).isEqualTo(URI.create("http://collector:4318/custom/traces"));
    }

    @Test
    void appendsV1TracesToTheBaseEndpoint() {
        OtlpConfig config = OtlpSinkProvider.configFromEnv(
                        Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/"))
                .orElseThrow();

        assertThat(config.endpoint()).isEqualTo(URI.create("http://collector:4318/v1/traces"));
        assertThat(config.headers()).doesNotContainKey("x-mlflow-experiment-id");
        assertThat(config.serviceName()).isEqualTo("mlflowlite");
    }

    @Test
    void sendsToMlflowsTrackingServerWithTheExperimentHeader() {
        OtlpConfig config = OtlpSinkProvider.configFromEnv(Map.of(
                        "MLFLOW_TRACKING_URI", "http://mlflow:5000",
                        "MLFLOW_EXPERIMENT_ID", "17",
                        "MLFLOW_TRACKING_TOKEN", "t0k"))
                .orElseThrow();

        assertThat(config.endpoint()).isEqualTo(URI.create("http://mlflow:5000/v1/traces"));
        assertThat(config.headers())
                .containsEntry("x-mlflow-experiment-id", "17")
                .containsEntry("Authorization", "Bearer t0k");
    }

    @Test
    void sendsMlflowsDefaultExperimentWhenNoIdIsSet() {
        OtlpConfig config = OtlpSinkProvider.configFromEnv(Map.of(
                        "MLFLOW_TRACKING_URI",
                        "https://mlflow.example.com/",
                        "MLFLOW_TRACKING_USERNAME",
                        "ann",
                        "MLFLOW_TRACKING_PASSWORD",
                        "pw"))
                .orElseThrow();

        assertThat(config.endpoint()).isEqualTo(URI.create("https://mlflow.example.com/v1/traces"));
        assertThat(config.headers())
                .containsEntry("x-mlflow-experiment-id", "0")
                .containsEntry("Authorization", "Basic YW5uOnB3");
    }

    @Test
    void addsTheExperimentHeaderToAnOtelEndpointWhenAnIdIsSet() {
        OtlpConfig config = OtlpSinkProvider.configFromEnv(
                        Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://mlflow:5000", "MLFLOW_EXPERIMENT_ID", "3"))
                .orElseThrow();

        assertThat(config.headers()).containsEntry("x-mlflow-experiment-id", "3");
    }

    @Test
    void percentDecodesHeadersAndKeepsPlusSigns() {
        OtlpConfig config = OtlpSinkProvider.configFromEnv(Map.of(
                        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318",
                        "OTEL_EXPORTER_OTLP_HEADERS", "Authorization=Basic%20dXNlcjpw+c3M=, x-tenant = acme%2Ceu ,",
                        "OTEL_EXPORTER_OTLP_TRACES_HEADERS", "x-tenant=override"))
                .orElseThrow();

        assertThat(config.headers())
                .containsEntry("Authorization", "Basic dXNlcjpw+c3M=")
                .containsEntry("x-tenant", "override");
    }

    @Test
    void readsServiceNameResourceAttributesTimeoutAndCompression() {
        OtlpConfig config = OtlpSinkProvider.configFromEnv(Map.of(
                        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318",
                        "OTEL_RESOURCE_ATTRIBUTES", "service.name=from-resource,deployment.environment=prod",
                        "OTEL_EXPORTER_OTLP_TIMEOUT", "2500",
                        "OTEL_EXPORTER_OTLP_COMPRESSION", "gzip"))
                .orElseThrow();

        assertThat(config.serviceName()).isEqualTo("from-resource");
        assertThat(config.resourceAttributes()).containsEntry("deployment.environment", "prod");
        assertThat(config.timeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(config.gzip()).isTrue();

        OtlpConfig named = OtlpSinkProvider.configFromEnv(Map.of(
                        "OTEL_EXPORTER_OTLP_ENDPOINT",
                        "http://c:4318",
                        "OTEL_RESOURCE_ATTRIBUTES",
                        "service.name=from-resource",
                        "OTEL_SERVICE_NAME",
                        "gateway"))
                .orElseThrow();
        assertThat(named.serviceName()).isEqualTo("gateway");
    }

    @Test
    void isEmptyWhenOtelIsSwitchedOff() {
        assertThat(OtlpSinkProvider.configFromEnv(
                        Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318", "OTEL_SDK_DISABLED", "true")))
                .isEmpty();
        assertThat(OtlpSinkProvider.configFromEnv(
                        Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318", "OTEL_TRACES_EXPORTER", "none")))
                .isEmpty();
        assertThat(OtlpSinkProvider.configFromEnv(Map.of(
                        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318", "OTEL_TRACES_EXPORTER", "console, otlp")))
                .isPresent();
    }

    @Test
    void refusesProtocolsOtherThanHttpProtobuf() {
        assertThatThrownBy(() -> OtlpSinkProvider.configFromEnv(Map.of(
                        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317", "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("http/protobuf");
    }

    @Test
    void refusesMalformedValuesNamingTheVariable() {
        assertThatThrownBy(() -> OtlpSinkProvider.configFromEnv(Map.of(
                        "OTEL_EXPORTER_OTLP_ENDPOINT",
                        "http://c:4318",
                        "OTEL_EXPORTER_OTLP_HEADERS",
                        "secret-without-key")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("OTEL_EXPORTER_OTLP_HEADERS")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() ->
                        OtlpSinkProvider.configFromEnv(Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "collector:4318")))
                .isInstanceOf(ConfigurationException.class);
    }

    @Test
    void isFoundByServiceLoaderAndBuildsAnExporter() {
        Optional<TraceSinkProvider> provider = ServiceLoader.load(TraceSinkProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(OtlpSinkProvider.class::isInstance)
                .findFirst();
        assertThat(provider).isPresent();

        Optional<TraceSink> sink = provider.get().fromEnv(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9"));
        assertThat(sink).containsInstanceOf(OtlpExporter.class);
        sink.get().close();
    }
}
