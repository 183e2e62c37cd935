package io.mlflowlite.tracing;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** A store passing every call to another, for tests that change one method. */
class ForwardingStore implements TraceStore {
    private final InMemoryTraceStore delegate;

    ForwardingStore(InMemoryTraceStore delegate) {
        this.delegate = delegate;
    }

    int count() {
        return delegate.search(TraceQuery.builder()
                                .pageSize(TraceQuery.MAX_PAGE_SIZE)
                                .build())
                        .traces()
                        .size()
                + countBeyondFirstPage();
    }

    private int countBeyondFirstPage() {
        int total = 0;
        TracePage page = delegate.search(
                TraceQuery.builder().pageSize(TraceQuery.MAX_PAGE_SIZE).build());
        while (page.nextPageToken().isPresent()) {
            page = delegate.search(TraceQuery.builder()
                    .pageSize(TraceQuery.MAX_PAGE_SIZE)
                    .pageToken(page.nextPageToken().get())
                    .build());
            total += page.traces().size();
        }
        return total;
    }

    @Override
    public void write(List<Trace> traces) {
        delegate.write(traces);
    }

    @Override
    public Optional<Trace> get(String traceId) {
        return delegate.get(traceId);
    }

    @Override
    public TracePage search(TraceQuery query) {
        return delegate.search(query);
    }

    @Override
    public int delete(Collection<String> traceIds) {
        return delegate.delete(traceIds);
    }

    @Override
    public int deleteOlderThan(Instant cutoff) {
        return delegate.deleteOlderThan(cutoff);
    }

    @Override
    public String describe() {
        return "test store";
    }

    @Override
    public void close() {}
}
