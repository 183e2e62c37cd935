package io.mlflowlite.provider.openai;

import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.ChunkSource;
import io.mlflowlite.internal.http.HttpTransport;
import io.mlflowlite.provider.Provider;
import io.mlflowlite.provider.ProviderCall;

/** Placeholder replaced by the real adapter. */
public final class OpenAiProvider implements Provider {
    public OpenAiProvider(HttpTransport transport) {
    }

    @Override
    public String wire() {
        return "openai";
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
