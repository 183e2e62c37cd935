package io.mlflowlite.suggest;

import java.util.Optional;

/** One offline check. Implementations are stateless, do no I/O and never throw on odd input. */
interface Heuristic {
    Optional<Suggestion> check(SuggestionContext context);
}
