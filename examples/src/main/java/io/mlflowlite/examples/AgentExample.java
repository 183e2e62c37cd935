package io.mlflowlite.examples;

import io.mlflowlite.agent.Agent;
import io.mlflowlite.agent.AgentPrompts;
import io.mlflowlite.agent.AgentResult;
import io.mlflowlite.agent.Calculator;
import io.mlflowlite.agent.Document;
import io.mlflowlite.agent.Example;
import io.mlflowlite.agent.SearchTool;
import java.util.List;
import java.util.Map;

/**
 * An agent in Java: an agent with the built-in calculator and a search over a small handbook runs a
 * question, prints its answer and its trace, gets a new prompt version, and runs the question again so the two
 * versions can be compared. Runs on the simulated models through the shared gateway (no keys): {@code mock/pro}
 * plans the tool calls itself. Pass another model (e.g. {@code gpt-4o-mini} with OPENAI_API_KEY set) as the first
 * argument.
 */
public final class AgentExample {
    public static void main(String[] args) {
        String model = args.length > 0 ? args[0] : "mock/pro";
        List<Document> handbook = List.of(
                new Document("returns", "Returns", "Return any item within 30 days of delivery for a full refund."),
                new Document("shipping", "Shipping", "Orders ship within 2 business days; express costs 9 euros."),
                new Document("warranty", "Warranty", "Electronics carry a two-year warranty against defects."));

        Agent agent = new Agent(
                "support",
                model,
                "You answer customers' questions about the shop. Look facts up with search; compute with calculator.",
                List.of(Calculator.tool(), SearchTool.over(handbook)));

        String question = "Look up how many days I have to return an item in the documents";
        AgentResult first = agent.run(question);
        System.out.println("Answer: " + first.answer());
        System.out.print(first.trace().summary());

        AgentResult hours = agent.run("What is 30 * 24?");
        System.out.println("Answer: " + hours.answer() + " (" + hours.steps().size() + " steps)");

        agent.promptRegistry()
                .addVersion(
                        "You are the shop's support agent. Always search the handbook before answering and cite the document id.",
                        "{{query}}\nAnswer in one sentence.",
                        List.of(Example.of("Do you ship abroad?", "Yes, to the EU only [shipping].")),
                        Map.of(
                                AgentPrompts.COMMIT_MESSAGE,
                                "cite sources, one-sentence answers",
                                "author",
                                "support-team"));
        AgentResult second = agent.run(question, true);

        System.out.println();
        System.out.printf("%-26s %-9s %5s %7s %10s %8s%n", "prompt", "stop", "steps", "tokens", "cost", "latency");
        for (AgentResult r : List.of(first, second)) {
            System.out.printf(
                    "%-26s %-9s %5d %7d %10s %6d ms%n",
                    r.promptVersion().uri(),
                    r.stopReason(),
                    r.steps().size(),
                    r.totalTokens(),
                    r.costDetail().formatted(),
                    r.latency().toMillis());
        }
        System.out.println("Answer with version " + second.promptVersion().version() + ": " + second.answer());
        // evaluate=true: judges assessed the answer (offline local/judge without keys) and heuristics reviewed the call
        second.assessments()
                .forEach(f -> System.out.println("judge " + f.name() + ": " + f.value() + " - " + f.rationale()));
        second.suggestions().ifPresent(report -> System.out.print(report));
    }
}
