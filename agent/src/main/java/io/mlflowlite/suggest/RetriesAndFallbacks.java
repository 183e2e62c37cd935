package io.mlflowlite.suggest;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.error.Attempt;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Triggers when any attempt before the answer failed or was skipped ({@link io.mlflowlite.chat.ChatResponse#attempts()}).
 * The evidence lists each failed attempt (model, status, error, time) and the time lost to failures and
 * backoff; the change follows the cause: rate limits, server errors and timeouts, or skipped deployments.
 * A WARNING when a fallback model answered or the lost time is at least half the call's latency, else INFO.
 */
final class RetriesAndFallbacks implements Heuristic {

    @Override
    public Optional<Suggestion> check(SuggestionContext context) {
        List<Attempt> attempts = context.response().attempts();
        List<Attempt> failed = attempts.stream()
                .filter(a -> a.outcome() != Attempt.Outcome.SUCCESS)
                .toList();
        if (failed.isEmpty()) {
            return Optional.empty();
        }
        Duration lost = Duration.ZERO;
        for (Attempt a : attempts) {
            lost = lost.plus(a.backoff());
        }
        int rateLimited = 0;
        int serverErrors = 0;
        int timeouts = 0;
        int skipped = 0;
        StringBuilder evidence = new StringBuilder();
        for (Attempt a : failed) {
            lost = lost.plus(a.latency());
            if (a.outcome() == Attempt.Outcome.SKIPPED) {
                skipped++;
            } else if (a.status() == 429) {
                rateLimited++;
            } else if (a.status() == 0 && isTimeout(a)) {
                timeouts++;
            } else {
                serverErrors++;
            }
            evidence.append("attempt ")
                    .append(a.number())
                    .append(" on ")
                    .append(a.model())
                    .append(' ')
                    .append(a.outcome())
                    .append(a.status() > 0 ? " (HTTP " + a.status() + ")" : "")
                    .append(a.errorMessage().map(e -> ": " + abbreviate(e)).orElse(""))
                    .append(" after ")
                    .append(a.latency().toMillis())
                    .append(" ms, backoff before it ")
                    .append(a.backoff().toMillis())
                    .append(" ms; ");
        }
        Optional<Attempt> answered = attempts.stream()
                .filter(a -> a.outcome() == Attempt.Outcome.SUCCESS)
                .reduce((a, b) -> b);
        String first = attempts.get(0).model();
        boolean fellBack = answered.isPresent() && !answered.get().model().equals(first);
        long latency = context.response().latency().toMillis();
        evidence.append(failed.size())
                .append(" of ")
                .append(attempts.size())
                .append(" attempts failed; ")
                .append(lost.toMillis())
                .append(" ms lost to failures and backoff");
        if (latency > 0) {
            evidence.append(" (")
                    .append(Numbers.percent((double) lost.toMillis() / latency))
                    .append(" of the ")
                    .append(latency)
                    .append(" ms call)");
        }
        if (fellBack) {
            evidence.append("; the answer came from fallback ")
                    .append(answered.get().model())
                    .append(", not ")
                    .append(first);
        }
        boolean hasFallbacks = context.request()
                .map(ChatRequest::fallbackModels)
                .map(f -> !f.isEmpty())
                .orElse(fellBack);
        StringBuilder change = new StringBuilder();
        if (rateLimited > 0) {
            change.append("the provider rate-limited ")
                    .append(rateLimited)
                    .append(" attempt(s): lower concurrency, "
                            + "ask for a higher limit, or spread load over another deployment; ");
        }
        if (serverErrors + timeouts > 0) {
            change.append(serverErrors + timeouts)
                    .append(" attempt(s) hit server errors, timeouts or connection failures: ")
                    .append(timeouts > 0 ? "lower the per-attempt timeout so a stuck attempt fails fast, " : "")
                    .append("and keep a fallback on another provider; ");
        }
        if (skipped > 0) {
            change.append(skipped)
                    .append(" attempt(s) were skipped (circuit open or missing key): check that "
                            + "deployment's health and configuration; ");
        }
        if (!hasFallbacks) {
            change.append("add fallbackModels on another provider so one provider's trouble does not fail the call");
        } else if (fellBack) {
            change.append("the fallback answered: compare its answers and cost with ")
                    .append(first)
                    .append(", and fix ")
                    .append(first)
                    .append(" if it keeps failing");
        } else {
            change.append("the retries worked; keep maxRetries low so failures reach the fallback sooner");
        }
        Severity severity =
                fellBack || latency > 0 && lost.toMillis() * 2 >= latency ? Severity.WARNING : Severity.INFO;
        return Optional.of(Suggestion.of(
                Suggestion.RETRIES_AND_FALLBACKS,
                severity,
                fellBack ? "A fallback model answered after the primary failed" : "Attempts failed before the answer",
                evidence.toString(),
                change.toString().strip().replaceAll(";$", "")));
    }

    private static boolean isTimeout(Attempt a) {
        String error = a.errorMessage().orElse("").toLowerCase(Locale.ROOT);
        return error.contains("timeout") || error.contains("timed out");
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }
}
