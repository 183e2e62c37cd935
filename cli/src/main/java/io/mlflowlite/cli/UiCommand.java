package io.mlflowlite.cli;

import io.mlflowlite.error.ConfigurationException;
import io.mlflowlite.ui.UiServer;
import io.mlflowlite.webui.WebUiContext;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mlflowlite ui}: the web UI over any store, without the gateway, until Ctrl-C. {@code mlflowlite serve}
 * serves the same pages under {@code /ui}.
 */
@Command(
        name = "ui",
        mixinStandardHelpOptions = true,
        description = "Browse the traces, evaluations, prompts, experiments and migrations of a store in the web UI "
                + "(the gateway serves the same pages under /ui).")
final class UiCommand implements Callable<Integer> {
    /** The port the UI listens on unless {@code --port} says otherwise. */
    static final int DEFAULT_PORT = 4100;

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--store",
            paramLabel = "URL",
            description = "The store to browse (default: $MLFLOWLITE_STORE, else ${DEFAULT-VALUE}).",
            defaultValue = "${env:MLFLOWLITE_STORE:-jdbc:sqlite:mlflowlite.db}")
    private String store;

    @Option(
            names = {"-p", "--port"},
            defaultValue = "" + DEFAULT_PORT,
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(
            names = "--host",
            defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
    private String host;

    @Option(
            names = "--no-browser",
            description = "Only print the address; by default a terminal session also opens it in the browser.")
    private boolean noBrowser;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        ExistingStore.require(store);
        String adminKey = System.getenv("MLFLOWLITE_ADMIN_KEY");
        String uiKey = System.getenv("MLFLOWLITE_UI_KEY");
        UiServer server;
        try {
            server = UiServer.start(host, port, new WebUiContext(Optional.empty(), store, adminKey, uiKey, false));
        } catch (UncheckedIOException e) {
            throw new ConfigurationException(
                    "Cannot listen on " + host + ":" + port + " (choose another with --port): " + e.getMessage(), e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            stopped.countDown();
                        },
                        "mlflowlite-ui-shutdown"));
        out.printf("mlflowlite UI on %s  (store %s)%n", server.url(), store);
        if (adminKey != null || uiKey != null) {
            out.println("Sign in with $MLFLOWLITE_ADMIN_KEY or $MLFLOWLITE_UI_KEY.");
        }
        out.println("Ctrl-C stops it.");
        out.flush();
        if (!noBrowser && System.console() != null) {
            Browser.open(server.url());
        }
        stopped.await();
        return 0;
    }

    /** Opens an address in the user's browser where there is one; silent where there is none. */
    static final class Browser {
        private Browser() {}

        static void open(String url) {
            try {
                if (!java.awt.GraphicsEnvironment.isHeadless()
                        && java.awt.Desktop.isDesktopSupported()
                        && java.awt.Desktop.getDesktop().isSupported(java.awt.Desktop.Action.BROWSE)) {
                    java.awt.Desktop.getDesktop().browse(java.net.URI.create(url));
                    return;
                }
                String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
                String opener = os.contains("mac") ? "open" : os.contains("win") ? null : "xdg-open";
                if (opener != null && onPath(opener)) {
                    new ProcessBuilder(opener, url)
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start();
                }
            } catch (java.io.IOException | RuntimeException e) {
                // no browser here: the address printed above is enough
            }
        }

        private static boolean onPath(String command) {
            String path = System.getenv("PATH");
            if (path == null) {
                return false;
            }
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, command))) {
                    return true;
                }
            }
            return false;
        }
    }
}
