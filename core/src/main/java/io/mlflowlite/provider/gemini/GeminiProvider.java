package io.mlflowlite.provider.gemini;

import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.ChunkSource;
import io.mlflowlite.internal.http.HttpTransport;
import io.mlflowlite.provider.Provider;
import io.mlflowlite.provider.ProviderCall;

/** Placeholder replaced by the real adapter. */
public final class GeminiProvider implements Provider {
    public GeminiProvider(HttpTransport transport) {
    }

    @Override
    public String wire() {
        return "gemini";
    }

    @Override
    public ChatResponse chat(ProviderCall call) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ChunkSource stream(ProviderCall call) {
        throw new UnsupportedOperationException();
    }
}
