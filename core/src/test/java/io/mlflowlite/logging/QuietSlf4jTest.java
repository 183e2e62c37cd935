package io.mlflowlite.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuietSlf4jTest {
    private String before;

    @BeforeEach
    void clear() {
        before = System.getProperty(QuietSlf4j.PROPERTY);
        System.clearProperty(QuietSlf4j.PROPERTY);
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(QuietSlf4j.PROPERTY);
        } else {
            System.setProperty(QuietSlf4j.PROPERTY, before);
        }
    }

    @Test
    void silencesSlf4jsNoProviderWarningWhenTheAppHasNoProvider() {
        QuietSlf4j.unlessAProviderIsPresent(new URLClassLoader(new URL[0], null));

        assertThat(System.getProperty(QuietSlf4j.PROPERTY)).isEqualTo("ERROR");
    }

    @Test
    void leavesAnAppWithAProviderAlone(@TempDir Path dir) throws Exception {
        Path services = Files.createDirectories(dir.resolve("META-INF/services"));
        Files.writeString(services.resolve("org.slf4j.spi.SLF4JServiceProvider"), "org.example.Provider\n");

        QuietSlf4j.unlessAProviderIsPresent(
                new URLClassLoader(new URL[] {dir.toUri().toURL()}, null));

        assertThat(System.getProperty(QuietSlf4j.PROPERTY)).isNull();
    }

    @Test
    void keepsWhatTheAppSetItself() {
        System.setProperty(QuietSlf4j.PROPERTY, "DEBUG");

        QuietSlf4j.unlessAProviderIsPresent(new URLClassLoader(new URL[0], null));

        assertThat(System.getProperty(QuietSlf4j.PROPERTY)).isEqualTo("DEBUG");
    }
}
