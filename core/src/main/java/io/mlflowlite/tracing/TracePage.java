package io.mlflowlite.tracing;

import java.util.List;
import java.util.Optional;

/** One page of a search: trace summaries newest first, and the token of the next page if there is one. */
public record TracePage(List<TraceInfo> traces, Optional<String> nextPageToken) {
    public TracePage {
        traces = List.copyOf(traces);
    }
}
