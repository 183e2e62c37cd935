package io.mlflowlite.pipeline;

import io.mlflowlite.chat.ChatChunk;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.ChatStream;
import io.mlflowlite.chat.ChunkSource;
import io.mlflowlite.error.Attempt;
import io.mlflowlite.error.CircuitOpenException;
import io.mlflowlite.error.DeadlineExceededException;
import io.mlflowlite.error.MlflowliteException;
import io.mlflowlite.error.ProviderException;
import io.mlflowlite.provider.Deployment;
import io.mlflowlite.provider.ModelResolver;
import io.mlflowlite.time.TimeSource;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The innermost step: tries the request's model, then each fallback in order (or the {@link RoutedTargets}
 * the endpoint router decided for the call), each with its own retries
 * ({@link RetryPolicy}), skipping deployments whose {@link CircuitBreaker} is open, never past the call's
 * deadline. A stream counts as succeeded once output reached the caller: its opening chunks up to the first one
 * with text, a tool call, refusal or reasoning (or its finish, or its end) are read before it is handed on, so a
 * failure among them (an overloaded error right after Anthropic's {@code message_start}) is retried or failed over,
 * and a failure after output reaches the caller. Thread-safe.
 */
public final class RetryAndFallback implements Interceptor {
    private final ModelResolver resolver;
    private final ProviderInvoker invoker;
    private final RetryPolicy retryPolicy;
    private final CircuitBreaker.Policy breakerPolicy;
    private final RandomGenerator random;
    private final TimeSource time;
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

    public RetryAndFallback(
            ModelResolver resolver,
            ProviderInvoker invoker,
            RetryPolicy retryPolicy,
            CircuitBreaker.Policy breakerPolicy,
            RandomGenerator random,
            TimeSource time) {
        this.resolver = resolver;
        this.invoker = invoker;
        this.retryPolicy = retryPolicy;
        this.breakerPolicy = breakerPolicy;
        this.random = random;
        this.time = time;
    }

    @Override
    public ChatResponse intercept(Chain chain) {
        return run(
                chain.request(),
                chain.context(),
                (deployment, request) -> invoker.chat(request, deployment, chain.context()));
    }

    @Override
    public ChatStream interceptStream(Chain chain) {
        ChatRequest original = chain.request();
        CallContext context = chain.context();
        Deployment[] served = new Deployment[1];
        ChunkSource source = run(original, context, (deployment, request) -> {
            ChunkSource opened = invoker.stream(request, deployment, context);
            try {
                List<ChatChunk> opening = readUntilOutput(opened);
                served[0] = deployment;
                return new PrefetchedSource(opening, opened);
            } catch (RuntimeException e) {
                opened.close();
                throw e;
            }
        });
        return ChatStream.of(source).withFinisher(r -> invoker.price(original, served[0], r));
    }

    /**
     * The chunks up to and including the first that gives the caller output or finishes a choice; all of them when
     * the stream ends first (the last element is then null). A role-only or usage-only chunk is not output.
     */
    private static List<ChatChunk> readUntilOutput(ChunkSource source) {
        List<ChatChunk> chunks = new ArrayList<>();
        while (true) {
            ChatChunk chunk = source.next();
            chunks.add(chunk);
            if (chunk == null || chunk.choices().stream().anyMatch(d -> d.hasOutput() || d.finishReason() != null)) {
                return chunks;
            }
        }
    }

    /** The breaker of {@code deploymentKey} ({@code provider/model}), created on first use. */
    public CircuitBreaker breaker(String deploymentKey) {
        return breakers.computeIfAbsent(deploymentKey, k -> new CircuitBreaker(breakerPolicy, time));
    }

    private <T> T run(ChatRequest request, CallContext context, Attempter<T> attempter) {
        int maxRetries = request.maxRetries() != null ? request.maxRetries() : retryPolicy.maxRetries();
        return run(
                targets(request, context),
                maxRetries,
                context,
                (deployment, m, model) -> attempter.attempt(deployment, m == 0 ? request : request.withModel(model)));
    }

    /**
     * Runs {@code call} on {@code deployment} under the same retry policy, circuit breaker and deadline as chat
     * attempts, recording each attempt on {@code context}: for calls outside the chat chain (embeddings). Blocks
     * while attempts run and while it backs off.
     *
     * @throws MlflowliteException the last failure, with the attempts, when no attempt succeeded
     */
    public <T> T withRetries(Deployment deployment, CallContext context, Supplier<T> call) {
        RoutedTargets.Target target = RoutedTargets.Target.of(deployment);
        return run(List.of(target), retryPolicy.maxRetries(), context, (d, m, model) -> call.get());
    }

    private <T> T run(
            List<RoutedTargets.Target> targets, int maxRetries, CallContext context, TargetAttempter<T> attempter) {
        MlflowliteException last = null;
        for (int m = 0; m < targets.size(); m++) {
            String model = targets.get(m).name();
            Deployment deployment;
            try {
                deployment = targets.get(m).deployment().get();
            } catch (MlflowliteException e) {
                if (m == 0) {
                    throw e.withAttempts(context.attempts());
                }
                context.record(
                        model,
                        "?",
                        Attempt.Outcome.SKIPPED,
                        0,
                        e.getMessage(),
                        context.time().nanoTime(),
                        Duration.ZERO);
                last = e;
                continue;
            }
            Duration backoff = Duration.ZERO;
            for (int retry = 0; retry <= maxRetries; retry++) {
                if (context.deadline().passed()) {
                    throw deadlineExceeded(context, last);
                }
                CircuitBreaker breaker = breaker(deployment.key());
                if (!breaker.tryAcquire()) {
                    last = new CircuitOpenException(deployment.key(), breaker.remainingCooldown());
                    context.record(
                            model,
                            deployment.provider(),
                            Attempt.Outcome.SKIPPED,
                            0,
                            last.getMessage(),
                            context.time().nanoTime(),
                            backoff);
                    break;
                }
                long started = context.time().nanoTime();
                try {
                    T result = attempter.attempt(deployment, m, model);
                    breaker.onSuccess();
                    context.record(model, deployment.provider(), Attempt.Outcome.SUCCESS, 0, null, started, backoff);
                    return result;
                } catch (MlflowliteException e) {
                    last = e;
                    if (e.retryable()) {
                        breaker.onFailure();
                    } else {
                        breaker.onNeutral();
                    }
                    int status = e instanceof ProviderException p ? p.status() : 0;
                    context.record(
                            model,
                            deployment.provider(),
                            Attempt.Outcome.FAILED,
                            status,
                            e.getMessage(),
                            started,
                            backoff);
                    if (!retryPolicy.shouldRetry(e) || retry == maxRetries) {
                        break; // to the next fallback, if any
                    }
                    backoff = retryPolicy.backoff(retry + 1, e, random);
                    if (backoff.compareTo(context.deadline().remaining()) >= 0) {
                        throw deadlineExceeded(context, last);
                    }
                    sleep(context, backoff);
                }
            }
        }
        if (context.deadline().passed()) {
            throw deadlineExceeded(context, last);
        }
        throw last.withAttempts(context.attempts());
    }

    /** The routed targets when a step before decided them for this model, else the model and its fallbacks. */
    private List<RoutedTargets.Target> targets(ChatRequest request, CallContext context) {
        Optional<RoutedTargets> routed = context.attribute(RoutedTargets.KEY);
        if (routed.isPresent() && routed.get().model().equals(request.model())) {
            return routed.get().targets();
        }
        List<RoutedTargets.Target> targets = new ArrayList<>();
        targets.add(byName(request.model()));
        if (request.fallbackModels() != null) {
            request.fallbackModels().forEach(model -> targets.add(byName(model)));
        }
        return targets;
    }

    private RoutedTargets.Target byName(String model) {
        return new RoutedTargets.Target(model, () -> resolver.resolve(model));
    }

    private static MlflowliteException deadlineExceeded(CallContext context, MlflowliteException last) {
        return new DeadlineExceededException(context.deadline().budget(), last).withAttempts(context.attempts());
    }

    private static void sleep(CallContext context, Duration backoff) {
        try {
            context.time().sleep(backoff);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlflowliteException("Interrupted while backing off before a retry", e)
                    .withAttempts(context.attempts());
        }
    }

    @FunctionalInterface
    private interface Attempter<T> {
        T attempt(Deployment deployment, ChatRequest request);
    }

    /** One attempt on the {@code index}-th target, named {@code model}. */
    @FunctionalInterface
    private interface TargetAttempter<T> {
        T attempt(Deployment deployment, int index, String model);
    }

    /** A source whose opening chunks were already read (to decide success before the caller saw any output). */
    private static final class PrefetchedSource implements ChunkSource {
        private final ArrayDeque<ChatChunk> opening = new ArrayDeque<>();
        private final boolean ended;
        private final ChunkSource rest;

        PrefetchedSource(List<ChatChunk> opening, ChunkSource rest) {
            this.ended = opening.getLast() == null;
            opening.stream().filter(Objects::nonNull).forEach(this.opening::add);
            this.rest = rest;
        }

        @Override
        public ChatChunk next() {
            if (!opening.isEmpty()) {
                return opening.poll();
            }
            return ended ? null : rest.next();
        }

        @Override
        public void close() {
            rest.close();
        }
    }
}
