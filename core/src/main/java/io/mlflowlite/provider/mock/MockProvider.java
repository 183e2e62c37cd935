package io.mlflowlite.provider.mock;

import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.ChunkSource;
import io.mlflowlite.provider.Provider;
import io.mlflowlite.provider.ProviderCall;

/** Placeholder replaced by the real adapter. */
public final class MockProvider implements Provider {
    public MockProvider(MockModels models) {
    }

    @Override
    public String wire() {
        return "mock";
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
