package io.mlflowlite.limits;

/** The two-replica contract with both replicas on one in-memory key store and counter, as in one process. */
class InMemoryTwoReplicasTest extends TwoReplicasContract {
    private final InMemoryKeyStore keys = new InMemoryKeyStore();
    private final InMemoryUsageCounter counter = new InMemoryUsageCounter();

    @Override
    protected KeyStore openKeys() {
        return keys;
    }

    @Override
    protected UsageCounter openCounter() {
        return counter;
    }
}
