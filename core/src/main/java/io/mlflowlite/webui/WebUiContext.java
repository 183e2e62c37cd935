package io.mlflowlite.webui;

import io.mlflowlite.tracing.TraceStore;
import java.util.Optional;

/**
 * What a host tells the web UI it creates. Immutable.
 *
 * @param traces    the trace store the host already has open (the gateway's), or empty to open {@code storeUrl}
 * @param storeUrl  where prompts, evaluation runs and experiments (and traces, without {@code traces}) are kept:
 *                  a JDBC URL such as {@code jdbc:sqlite:mlflowlite.db}
 * @param adminKey  the admin key, which signs in with full rights, or null
 * @param uiKey     a read-only key for the UI, or null
 * @param keysOn    whether the host requires API keys: then the UI needs one of the two keys above to sign in
 */
public record WebUiContext(
        Optional<TraceStore> traces, String storeUrl, String adminKey, String uiKey, boolean keysOn) {
    public WebUiContext {
        traces = traces == null ? Optional.empty() : traces;
        adminKey = blankToNull(adminKey);
        uiKey = blankToNull(uiKey);
    }

    /** Whether a visitor must sign in: API keys are on, or a UI or admin key is set. */
    public boolean loginRequired() {
        return keysOn || adminKey != null || uiKey != null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
