package io.mlflowlite.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlflowlite experiments pause|resume|promote|rollback NAME}: a change by hand, recorded as a transition. */
abstract class ExperimentsActionCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ExperimentsCommand.StoreOption store;

    @Parameters(index = "0", paramLabel = "NAME", description = "The experiment.")
    private String name;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, recorded with the transition.")
    private String reason;

    @Mixin
    private OutputOption output;

    /** The action's word. */
    abstract String action();

    /** The variant to promote, or null. */
    String variant() {
        return null;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (ExperimentsCommand.Opened opened = store.open()) {
            if (opened.experiments().get(name).isEmpty()) {
                throw new NotFoundException("No experiment '" + name + "' in "
                        + opened.experiments().describe() + "; `mlflowlite experiments list` shows them");
            }
            JsonNode e;
            try {
                e = opened.service().act(name, action(), variant(), "cli", reason);
            } catch (IllegalStateException refused) {
                throw new IllegalArgumentException(refused.getMessage(), refused);
            }
            if (output.json()) {
                OutputOption.print(out, e);
            } else {
                out.println("Experiment " + name + " is now " + e.path("status").asText() + ": "
                        + ExperimentsListCommand.split(e) + ". Gateways apply it within a few seconds.");
            }
        }
        return ExitCodes.OK;
    }

    @Command(
            name = "pause",
            mixinStandardHelpOptions = true,
            description = "Freeze an experiment's split (a rollout stops advancing).")
    static final class Pause extends ExperimentsActionCommand {
        @Override
        String action() {
            return "pause";
        }
    }

    @Command(
            name = "resume",
            mixinStandardHelpOptions = true,
            description = "Resume a paused experiment; its stage starts over.")
    static final class Resume extends ExperimentsActionCommand {
        @Override
        String action() {
            return "resume";
        }
    }

    @Command(
            name = "promote",
            mixinStandardHelpOptions = true,
            description = "Send all traffic to the candidate (or --variant) and end the experiment.")
    static final class Promote extends ExperimentsActionCommand {
        @Option(
                names = "--variant",
                paramLabel = "NAME",
                description = "The variant to promote (default: the candidate, the second variant).")
        private String variant;

        @Override
        String action() {
            return "promote";
        }

        @Override
        String variant() {
            return variant;
        }
    }

    @Command(
            name = "rollback",
            mixinStandardHelpOptions = true,
            description = "Send all traffic back to the control and end the experiment.")
    static final class Rollback extends ExperimentsActionCommand {
        @Override
        String action() {
            return "rollback";
        }
    }
}
