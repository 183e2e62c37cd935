package io.mlflowlite.agent;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.gateway.SharedGateway;
import io.mlflowlite.prompt.PromptRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A model, a versioned prompt and tools, running the provider-native tool-calling loop through the {@link Gateway}
 * (so OpenAI, Anthropic, Gemini, the simulated models and gateway endpoints all work, with the gateway's retries,
 * fallbacks, limits and pricing):
 * <ol>
 *   <li>render the prompt version ({@link #promptRegistry()}) around the query and send it with the tools;</li>
 *   <li>when the response calls tools, run each call in order, append the assistant message and one tool message
 *       per call, and ask again; a failed call (unknown tool, invalid arguments, the tool threw, a result with no
 *       JSON) is answered with {@code "Error: …"} so the model can recover;</li>
 *   <li>stop at a text answer ({@link StopReason#ANSWERED}), after {@code maxSteps} model calls
 *       ({@link StopReason#STEP_LIMIT}; the last response's tool calls are then not run, as no model call would read
 *       their results) or when a model call fails after the gateway's retries and fallbacks
 *       ({@link StopReason#ERROR}).</li>
 * </ol>
 * Each run is one trace: an AGENT span with the CHAT_MODEL span of every model call and a TOOL span per tool call
 * under it ({@link AgentResult#trace()}).
 *
 * <pre>{@code
 * Agent agent = new Agent("research", "mock/pro", "You answer with the tools' help.",
 *         List.of(Calculator.tool(), SearchTool.over(documents)));
 * AgentResult result = agent.run("What is 17 * 23?");
 * System.out.println(result.answer());
 * System.out.print(result.trace().summary());
 * }</pre>
 *
 * <p>Immutable and thread-safe: runs may overlap, each with its own conversation (tools are then called
 * concurrently and must be thread-safe). {@link #run} blocks the calling thread until the run ends.
 */
public final class Agent {
    /** Model calls per run when the builder sets no other limit. */
    public static final int DEFAULT_MAX_STEPS = 8;
    /** The highest step limit a builder accepts. */
    public static final int MAX_STEPS_LIMIT = 100;

    private final String name;
    private final String model;
    private final List<Tool> tools;
    private final int maxSteps;
    private final Gateway gateway;
    private final AgentPrompts prompts;
    private final Consumer<ChatRequest.Builder> requestOptions;
    private final String judgeModel;

    private Agent(Builder b) {
        if (b.name == null || b.name.isBlank()) {
            throw new IllegalArgumentException("An agent needs a name (its prompt is registered as agent.<name>)");
        }
        if (b.model == null || b.model.isBlank()) {
            throw new IllegalArgumentException("Agent " + b.name + " needs a model: a model name such as mock/pro or "
                    + "gpt-4o-mini, or a gateway endpoint name");
        }
        Set<String> names = new HashSet<>();
        for (Tool tool : b.tools) {
            if (!names.add(Objects.requireNonNull(tool, "tool").name())) {
                throw new IllegalArgumentException("Agent " + b.name + " has two tools named '" + tool.name() + "'");
            }
        }
        this.name = b.name;
        this.model = b.model;
        this.tools = List.copyOf(b.tools);
        this.maxSteps = b.maxSteps;
        this.gateway = b.gateway;
        this.requestOptions = b.requestOptions;
        this.judgeModel = b.judgeModel;
        String promptName =
                b.promptName != null ? b.promptName : "agent." + b.name.strip().replaceAll("[^A-Za-z0-9_.-]+", "_");
        this.prompts = new AgentPrompts(
                b.registry != null ? b.registry : PromptRegistry.inMemory(), promptName, b.promptAlias, b.name);
        prompts.registerInitial(b.systemPrompt == null ? "" : b.systemPrompt);
    }

    /**
     * The short constructor: an agent with the default step limit, the shared gateway
     * ({@link SharedGateway#get()}) and its own in-memory prompt registry holding {@code systemPrompt} as version 1.
     */
    public Agent(String name, String model, String systemPrompt, List<Tool> tools) {
        this(new Builder().name(name).model(model).systemPrompt(systemPrompt).tools(tools));
    }

    /** Starts configuring an agent. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the agent on {@code query}; see the class description.
     *
     * @throws io.mlflowlite.prompt.PromptNotFoundException when the builder's prompt alias does not exist
     * @throws io.mlflowlite.error.InvalidRequestException         when the prompt version cannot be rendered with the query
     */
    public AgentResult run(String query) {
        return run(query, false);
    }

    /**
     * Runs the agent on {@code query}; with {@code evaluate} the result also carries assessments of the answer by
     * the {@link io.mlflowlite.eval.RelevanceToQuery} and {@link io.mlflowlite.eval.Safety} judges (the builder's
     * judge model, else the default judge: a key's model, else the offline {@code local/judge}), each a
     * {@link io.mlflowlite.chat.Feedback} with its rationale, and the offline heuristic suggestions
     * ({@link io.mlflowlite.suggest.SuggestionEngine}) for the run's last model call. Judge calls are traces of
     * their own, not part of the run's trace, tokens or cost. Blocks while the judges answer.
     */
    public AgentResult run(String query, boolean evaluate) {
        Objects.requireNonNull(query, "query");
        return new AgentRun(this, query, evaluate).execute();
    }

    String judgeModel() {
        return judgeModel;
    }

    /** The agent's versioned prompt: add versions, see which one runs use. */
    public AgentPrompts promptRegistry() {
        return prompts;
    }

    /** The agent's name, the name of its AGENT spans. */
    public String name() {
        return name;
    }

    /** The model runs use, unless the prompt version's model config names another. */
    public String model() {
        return model;
    }

    /** The tools the model may call, in the order they are offered. */
    public List<Tool> tools() {
        return tools;
    }

    /** The most model calls one run makes. */
    public int maxSteps() {
        return maxSteps;
    }

    /** The gateway runs go through: the builder's, or the shared one ({@link SharedGateway}) at the time of the call. */
    Gateway gateway() {
        return gateway != null ? gateway : SharedGateway.get();
    }

    /** Sends a request: through the builder's gateway, or the facade so its global defaults apply. */
    ChatResponse complete(ChatRequest request) {
        return gateway != null ? gateway.completion(request) : SharedGateway.completion(request);
    }

    Consumer<ChatRequest.Builder> requestOptions() {
        return requestOptions;
    }

    @Override
    public String toString() {
        return "Agent[" + name + ", model=" + model + ", tools="
                + tools.stream().map(Tool::name).toList() + ", prompt=" + prompts.uri() + "]";
    }

    /** Configures an {@link Agent}. Not thread-safe. */
    public static final class Builder {
        private String name;
        private String model;
        private String systemPrompt = "";
        private final List<Tool> tools = new ArrayList<>();
        private int maxSteps = DEFAULT_MAX_STEPS;
        private Gateway gateway;
        private PromptRegistry registry;
        private String promptName;
        private String promptAlias;
        private Consumer<ChatRequest.Builder> requestOptions = options -> {};
        private String judgeModel;

        private Builder() {}

        /** The agent's name, shown on its traces; its prompt is {@code agent.<name>} (other characters as {@code _}). */
        public Builder name(String value) {
            this.name = value;
            return this;
        }
        /** Any model the gateway serves: {@code mock/pro}, {@code openai/gpt-4o-mini}, an endpoint name … */
        public Builder model(String value) {
            this.model = value;
            return this;
        }
        /** The system message of prompt version 1, registered when the registry has no version of the prompt yet. */
        public Builder systemPrompt(String value) {
            this.systemPrompt = value;
            return this;
        }
        /** Adds tools (they keep the order given). */
        public Builder tools(List<Tool> values) {
            this.tools.addAll(values);
            return this;
        }
        /** Adds tools (they keep the order given). */
        public Builder tools(Tool... values) {
            this.tools.addAll(Arrays.asList(values));
            return this;
        }
        /** Adds one tool. */
        public Builder tool(Tool value) {
            this.tools.add(value);
            return this;
        }
        /** At most this many model calls per run (default {@value #DEFAULT_MAX_STEPS}, at most {@value #MAX_STEPS_LIMIT}). */
        public Builder maxSteps(int value) {
            if (value < 1 || value > MAX_STEPS_LIMIT) {
                throw new IllegalArgumentException(
                        "maxSteps must be between 1 and " + MAX_STEPS_LIMIT + ", was " + value);
            }
            this.maxSteps = value;
            return this;
        }
        /** The gateway to call models and record traces through; default the shared {@link SharedGateway#get()}. */
        public Builder gateway(Gateway value) {
            this.gateway = value;
            return this;
        }
        /** Where the agent's prompt versions live; default a new in-memory registry. */
        public Builder promptRegistry(PromptRegistry value) {
            this.registry = value;
            return this;
        }
        /** The prompt's name in the registry, instead of {@code agent.<name>}. */
        public Builder promptName(String value) {
            this.promptName = value;
            return this;
        }
        /** Runs load this alias ({@code production}) instead of the newest version. */
        public Builder promptAlias(String value) {
            this.promptAlias = value;
            return this;
        }
        /** The model judging answers when a run is evaluated; default the evaluation's default judge. */
        public Builder judgeModel(String value) {
            this.judgeModel = value;
            return this;
        }
        /**
         * Adjusts every model request after the prompt and tools are set: temperature, max tokens, timeouts, request
         * metadata (user, session), {@code extraBody} …
         */
        public Builder requestOptions(Consumer<ChatRequest.Builder> value) {
            this.requestOptions = Objects.requireNonNull(value, "requestOptions");
            return this;
        }

        /**
         * Builds the agent, registering its first prompt version when the registry has none (blocks on the registry's
         * store).
         *
         * @throws IllegalArgumentException when the name or model is missing, or two tools share a name
         * @throws io.mlflowlite.error.InvalidRequestException when the system prompt holds a {@code {{variable}}}
         */
        public Agent build() {
            return new Agent(this);
        }
    }
}
