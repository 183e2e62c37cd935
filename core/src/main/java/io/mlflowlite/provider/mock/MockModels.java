package io.mlflowlite.provider.mock;

/** Placeholder replaced by the real simulated models. */
public final class MockModels {
    public static MockModels bundled() {
        return new MockModels();
    }

    public MockModels withFile(java.nio.file.Path file) {
        return this;
    }
}
