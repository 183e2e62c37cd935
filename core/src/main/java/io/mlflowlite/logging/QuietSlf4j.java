package io.mlflowlite.logging;

/**
 * Keeps SLF4J from printing "No SLF4J providers were found" when a library we bring (HikariCP in the store, DJL in
 * the local provider) first logs in an app that chose no SLF4J provider. SLF4J then drops those logs either way;
 * the warning only alarms. An app with a provider, or one that set {@value #PROPERTY} itself, is left alone.
 */
public final class QuietSlf4j {
    /** SLF4J's (2.0.10 and later) own switch for its internal messages. */
    static final String PROPERTY = "slf4j.internal.verbosity";

    private static final String PROVIDERS = "META-INF/services/org.slf4j.spi.SLF4JServiceProvider";

    private QuietSlf4j() {}

    /** Call before the library that logs through SLF4J is first used. Idempotent and cheap. */
    public static void unlessAProviderIsPresent() {
        unlessAProviderIsPresent(QuietSlf4j.class.getClassLoader());
    }

    static void unlessAProviderIsPresent(ClassLoader loader) {
        if (System.getProperty(PROPERTY) == null && loader.getResource(PROVIDERS) == null) {
            System.setProperty(PROPERTY, "ERROR");
        }
    }
}
