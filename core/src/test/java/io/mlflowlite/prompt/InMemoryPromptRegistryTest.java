package io.mlflowlite.prompt;

/** The registry contract on the in-process store. */
class InMemoryPromptRegistryTest implements PromptRegistryContract {
    private final PromptStore store = PromptStores.open(PromptStores.MEMORY);

    @Override
    public PromptStore store() {
        return store;
    }
}
