package io.mlflowlite.cli;

import io.mlflowlite.chat.ChatChunk;
import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.ChatResponse;
import io.mlflowlite.chat.ChatStream;
import io.mlflowlite.chat.ResponseFormat;
import io.mlflowlite.error.Attempt;
import io.mlflowlite.gateway.Gateway;
import io.mlflowlite.provider.openai.OpenAiWire;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlflowlite query}: one question to one model, with tokens, cost and latency. */
@Command(
        name = "query",
        mixinStandardHelpOptions = true,
        description = "Ask a model one question and print the answer with its tokens, cost and latency.")
final class QueryCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROMPT", description = "The question or instruction.")
    private String prompt;

    @Option(
            names = {"-m", "--model"},
            defaultValue = "mock/mini",
            description = "provider/model or a catalog name (default: ${DEFAULT-VALUE}; see 'mlflowlite models').")
    private String model;

    @Option(
            names = {"-s", "--system"},
            description = "A system instruction.")
    private String system;

    @Option(names = "--temperature", description = "Sampling temperature, 0-2.")
    private Double temperature;

    @Option(names = "--max-tokens", description = "Maximum output tokens.")
    private Integer maxTokens;

    @Option(names = "--seed", description = "Sampling seed, where the provider supports it.")
    private Long seed;

    @Option(
            names = "--json-mode",
            description = "Ask the model for a JSON object (response_format json_object); "
                    + "--raw prints the response as JSON.")
    private boolean jsonOutput;

    /** The old spelling of --json-mode, kept for scripts; hidden because other commands' --json prints JSON. */
    @Option(names = "--json", hidden = true)
    private boolean jsonModeOldSpelling;

    @Option(names = "--stream", description = "Print the answer as it streams.")
    private boolean stream;

    @Option(names = "--fallback", split = ",", description = "Fallback models, tried in order.")
    private List<String> fallbacks;

    @Option(names = "--retries", description = "Retries per model (default 2).")
    private Integer retries;

    @Option(names = "--timeout", description = "Per-attempt timeout in seconds (default 120).")
    private Double timeoutSeconds;

    @Option(names = "--raw", description = "Print the response as OpenAI chat.completion JSON.")
    private boolean raw;

    @Override
    public Integer call() {
        ChatRequest.Builder request = ChatRequest.builder()
                .model(model)
                .temperature(temperature)
                .maxTokens(maxTokens)
                .seed(seed)
                .maxRetries(retries)
                .fallbackModels(fallbacks);
        if (system != null) {
            request.addSystemMessage(system);
        }
        request.addUserMessage(prompt);
        if (jsonOutput || jsonModeOldSpelling) {
            request.responseFormat(ResponseFormat.JSON_OBJECT);
        }
        if (timeoutSeconds != null) {
            request.timeout(Duration.ofMillis((long) (timeoutSeconds * 1000)));
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Gateway gateway = Gateway.fromEnv()) {
            ChatResponse response;
            if (stream) {
                try (ChatStream chunks = gateway.stream(request.build())) {
                    for (ChatChunk chunk : chunks) {
                        out.print(chunk.content());
                        out.flush();
                    }
                    out.println();
                    response = chunks.response();
                }
            } else {
                response = gateway.completion(request.build());
                if (raw) {
                    out.println(OpenAiWire.responseJson(response));
                    return 0;
                }
                out.println(
                        response.content().isEmpty() && !response.toolCalls().isEmpty()
                                ? "(tool calls) " + response.toolCalls()
                                : response.content());
            }
            // a refusal is the model's answer too, though not in content
            if (!response.choices().isEmpty()) {
                response.choices().getFirst().message().refusal().ifPresent(r -> out.println("(refused) " + r));
            }
            out.println();
            out.println(summary(response));
        }
        return 0;
    }

    static String summary(ChatResponse r) {
        StringBuilder text = new StringBuilder();
        // local/judge names its provider already; other providers answer with their bare model id
        String model = r.model() != null && r.model().startsWith(r.provider() + "/")
                ? r.model()
                : r.provider() + "/" + r.model();
        text.append("model    ").append(model).append('\n');
        text.append("tokens   ")
                .append(r.usage().promptTokens())
                .append(" in, ")
                .append(r.usage().completionTokens())
                .append(" out");
        if (r.usage().cachedTokens() > 0) {
            text.append(", ").append(r.usage().cachedTokens()).append(" cached");
        }
        if (r.usage().reasoningTokens() > 0) {
            text.append(", ").append(r.usage().reasoningTokens()).append(" reasoning");
        }
        if (r.usage().estimated()) {
            text.append(" (estimated)");
        }
        text.append('\n');
        text.append("cost     ")
                .append(r.cost().priced() ? r.cost().formatted() : "unpriced (no price table entry)")
                .append('\n');
        text.append("latency  ").append(r.latency().toMillis()).append(" ms");
        r.traceId()
                .ifPresent(id -> text.append('\n')
                        .append("trace    ")
                        .append(id)
                        .append("  (mlflowlite traces show ")
                        .append(id)
                        .append(')'));
        List<Attempt> attempts = r.attempts();
        if (attempts.size() > 1) {
            text.append('\n').append("attempts ").append(attempts.size());
            for (Attempt a : attempts) {
                text.append("\n  ")
                        .append(a.number())
                        .append(". ")
                        .append(a.model())
                        .append(' ')
                        .append(a.outcome())
                        .append(a.errorMessage().map(m -> ": " + m).orElse(""));
            }
        }
        return text.toString();
    }
}
