package io.mlflowlite.provider.mock;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.ChunkSource;
import io.mlflowlite.chat.Cost;
import io.mlflowlite.chat.EmbeddingRequest;
import io.mlflowlite.chat.EmbeddingResponse;
import io.mlflowlite.error.InvalidRequestException;
import io.mlflowlite.error.ProviderException;
import io.mlflowlite.error.RateLimitedException;
import io.mlflowlite.provider.Deployment;
import io.mlflowlite.provider.Provider;
import io.mlflowlite.provider.ProviderCall;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code mock} wire format: simulated models that answer offline like a real provider, for the no-key
 * default, demos, tests and load benchmarks. The deployment's {@code model()} names a {@link MockModels}
 * entry ({@code mini}, {@code balanced}, {@code pro}, {@code next}, {@code flaky}, {@code echo}); any other name is an
 * {@link io.mlflowlite.error.UnknownModelException} listing the simulated models.
 *
 * <p>Answers are OpenAI-shaped with real token counts (cl100k_base, reported as provider usage), paced by
 * the spec's time to first token and tokens per second, and fail as often as the spec says with the
 * exceptions a real adapter throws. Known questions (see {@link KnowledgeSet}) are answered correctly with
 * the spec's accuracy, otherwise with a plausible mistake (a nearby number, or another answer of the same
 * category); a request quoting a row of the simulated world's datasets is answered from that row's truth
 * by the model's profile (docs/simulated-world.md); other messages get a clearly simulated reply naming the topic. With tools and a user turn
 * last it calls the best-matching tool; after tool results it answers from them; {@code response_format}
 * gives JSON; {@code max_tokens} truncates with {@code length}; {@code n} gives n choices.
 *
 * <p>Determinism: the same model, messages and seed (and the same tools, format and limits) always give
 * the same text, tool calls and usage; a different seed can change them. Latency and faults are
 * reproducible too when the request has a seed; without one they vary from call to call as a real
 * provider's do, so a retried call can succeed where its first attempt failed. Response ids and
 * {@code created} are always fresh.
 *
 * <p>Thread-safe and stateless apart from a counter; waits block the calling thread, never past
 * {@link ProviderCall#waitBudget()}, and are interruptible. Costs are not computed here: the pipeline
 * prices the usage.
 */
public final class MockProvider implements Provider {
    private static final long NO_SEED = 0x6E6F2D73656564L;
    private static final long TIMING = 0x7449AE5L;

    private final MockModels models;
    private final Generator generator;
    private final AtomicLong unseededCalls = new AtomicLong();

    /** A provider serving {@code models}, answering from the bundled {@link KnowledgeSet}. */
    public MockProvider(MockModels models) {
        this(models, KnowledgeSet.bundled());
    }

    /** A provider serving {@code models}, answering from {@code knowledge}. */
    public MockProvider(MockModels models, KnowledgeSet knowledge) {
        this.models = models;
        this.generator = new Generator(knowledge, SimulatedWorld.bundled());
    }

    @Override
    public String wire() {
        return "mock";
    }

    /** The simulated models this provider serves. */
    public MockModels models() {
        return models;
    }

    /**
     * Simulates one completion: draws the fault, waits the time to first token plus the generation time,
     * and returns the whole response. Blocks up to the call's wait budget.
     */
    @Override
    public ChatResponse chat(ProviderCall call) {
        Prepared p = prepare(call);
        Generation generation = generator.generate(p.model, p.spec, call.request(), p.contentSeed, p.modelSeed, p.task);
        long total = p.timing.ttftNanos()
                + p.timing.generationNanos(generation.usage().completionTokens());
        Pacing.await(total, call, null);
        return generation
                .toResponse()
                .id(newId())
                .created(Instant.now().getEpochSecond())
                .model(p.model)
                .provider(call.deployment().provider())
                .build();
    }

    /**
     * Starts a simulated stream. Faults are thrown from here, before any chunk (a timeout fault after
     * waiting out the budget); the time to first token is waited in the first {@code next()}.
     */
    @Override
    public ChunkSource stream(ProviderCall call) {
        Prepared p = prepare(call);
        Generation generation = generator.generate(p.model, p.spec, call.request(), p.contentSeed, p.modelSeed, p.task);
        return new MockChunkSource(call, newId(), Instant.now().getEpochSecond(), p.model, generation, p.timing);
    }

    /**
     * Deterministic pseudo-embeddings (hashed bag of words, L2-normalized, 384 dimensions unless the request
     * asks for others). Not semantic: see the package documentation. Never blocks; any model name is accepted.
     */
    @Override
    public EmbeddingResponse embed(EmbeddingRequest request, Deployment deployment, Duration timeout) {
        int dimensions = request.dimensions() == null ? PseudoEmbeddings.DEFAULT_DIMENSIONS : request.dimensions();
        if (dimensions < 1 || dimensions > 8192) {
            throw new InvalidRequestException("dimensions must be between 1 and 8192, was " + dimensions, "dimensions");
        }
        List<float[]> vectors = new ArrayList<>(request.input().size());
        int tokens = 0;
        for (String text : request.input()) {
            vectors.add(PseudoEmbeddings.embed(text, dimensions));
            tokens += Tokens.count(text);
        }
        return new EmbeddingResponse(
                deployment.model(), deployment.provider(), vectors, tokens, Cost.UNPRICED, Duration.ZERO);
    }

    /** The timing and fault {@code call} would get, without waiting or failing: lets tests read the latency. */
    Timing plannedTiming(ProviderCall call) {
        return prepare(call, false).timing;
    }

    private Prepared prepare(ProviderCall call) {
        return prepare(call, true);
    }

    private Prepared prepare(ProviderCall call, boolean inject) {
        String model = call.deployment().model();
        MockModelSpec spec = models.require(model);
        ChatRequest request = call.request();
        validate(request);
        long contentSeed =
                Rng.combine(Rng.hashMessages(request.messages()), request.seed() == null ? NO_SEED : request.seed());
        long modelSeed = Rng.combine(contentSeed, Rng.hash(model));
        long timingSeed = request.seed() != null
                ? Rng.combine(modelSeed, TIMING)
                : Rng.combine(modelSeed ^ TIMING, unseededCalls.getAndIncrement());
        Timing timing = Timing.sample(spec, timingSeed);
        SimulatedWorld.Task task = generator.task(spec, request);
        if (task != null) {
            timing = timing.withTtftFactor(generator.latencyFactor(model, spec, task));
        }
        if (inject) {
            injectFault(timing, call, model);
        }
        return new Prepared(model, spec, contentSeed, modelSeed, timing, task);
    }

    /**
     * How long a simulated upstream hangs before its own proxy gives up with a 504. Like a real hang it does
     * not shrink with the latency scale: a caller whose wait budget is shorter sees its attempt time out.
     */
    static final Duration STALL = Duration.ofSeconds(5);

    private static void injectFault(Timing timing, ProviderCall call, String model) {
        String provider = call.deployment().provider();
        switch (timing.fault()) {
            case RATE_LIMITED ->
                throw new RateLimitedException(
                        provider,
                        "requests",
                        "rate_limit_exceeded",
                        "Simulated rate limit on mock/" + model + ". Please try again in "
                                + timing.retryAfter().toMillis() + "ms.",
                        timing.retryAfter());
            case SERVER_ERROR ->
                throw new ProviderException(
                        provider,
                        500,
                        "server_error",
                        null,
                        "Simulated server error in mock/" + model + ". You can retry your request.",
                        true);
            case TIMEOUT -> {
                Pacing.await(STALL.toNanos(), call, null); // AttemptTimeoutException when the budget is shorter
                throw new ProviderException(
                        provider,
                        504,
                        "timeout",
                        null,
                        "Simulated upstream timeout: mock/" + model + " stalled " + STALL.toMillis()
                                + " ms and its proxy gave up",
                        true);
            }
            case NONE -> {}
        }
    }

    private static void validate(ChatRequest request) {
        if (request.messages().isEmpty()) {
            throw new InvalidRequestException("messages must not be empty", "messages");
        }
        if (request.n() != null && (request.n() < 1 || request.n() > 128)) {
            throw new InvalidRequestException("n must be between 1 and 128, was " + request.n(), "n");
        }
        if (request.maxTokens() != null && request.maxTokens() < 1) {
            throw new InvalidRequestException(
                    "max_tokens must be at least 1, was " + request.maxTokens(), "max_tokens");
        }
        long characters = 0;
        for (io.mlflowlite.chat.Message message : request.messages()) {
            characters += message.text().length();
        }
        if (characters > MAX_PROMPT_CHARS) {
            // a real model refuses a prompt over its context window; simulating one costs CPU and time in
            // proportion to its length, so the simulated ones refuse too, before any work
            throw new InvalidRequestException(
                    "The messages hold " + characters + " characters, more than the "
                            + "simulated models accept (" + MAX_PROMPT_CHARS + ", about " + MAX_PROMPT_CHARS / 4
                            + " tokens): shorten the prompt.",
                    "messages");
        }
    }

    /** The longest prompt a simulated model takes, in characters: about the largest real context window. */
    static final int MAX_PROMPT_CHARS = 1024 * 1024;

    private static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return String.format("chatcmpl-mock-%016x%08x", random.nextLong(), random.nextInt());
    }

    private record Prepared(
            String model,
            MockModelSpec spec,
            long contentSeed,
            long modelSeed,
            Timing timing,
            SimulatedWorld.Task task) {}
}
