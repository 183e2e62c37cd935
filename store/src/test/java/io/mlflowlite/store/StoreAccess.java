package io.mlflowlite.store;

import io.mlflowlite.tracing.Trace;
import io.mlflowlite.tracing.TraceInfo;
import io.mlflowlite.tracing.TracePage;
import io.mlflowlite.tracing.TraceQuery;
import io.mlflowlite.tracing.TraceStore;
import java.util.ArrayList;
import java.util.List;

/**
 * What the store contracts (interfaces with default test methods, run against every database) need from the
 * test class that runs them: a store on a fresh database, and plain SQL on that database beside the store.
 */
interface StoreAccess {
    /** The store under test, open on an empty database of its own. */
    TraceStore store();

    /** The URL the store was opened with. */
    String url();

    /** Runs {@code statement} on the store's database over a separate plain connection. */
    void sql(String statement);

    /** The single number {@code query} selects, over a separate plain connection. */
    long number(String query);

    /** Every trace summary {@code query} matches, following the page tokens to the end. */
    default List<TraceInfo> all(TraceQuery query) {
        List<TraceInfo> found = new ArrayList<>();
        TracePage page = store().search(query);
        found.addAll(page.traces());
        while (page.nextPageToken().isPresent()) {
            page = store().search(query.toBuilder()
                    .pageToken(page.nextPageToken().get())
                    .build());
            found.addAll(page.traces());
        }
        return found;
    }

    /** The ids of the traces {@code query} matches, newest first. */
    default List<String> ids(TraceQuery query) {
        return all(query).stream().map(TraceInfo::traceId).toList();
    }

    default void write(Trace... traces) {
        store().write(List.of(traces));
    }
}
