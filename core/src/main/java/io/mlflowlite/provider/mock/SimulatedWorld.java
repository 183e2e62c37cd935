package io.mlflowlite.provider.mock;

import io.mlflowlite.chat.ChatRequest;
import io.mlflowlite.chat.Message;
import io.mlflowlite.chat.Role;
import java.util.List;

/**
 * The simulated world: labelled task rows ({@link TaskSet}) and each model's {@link WorldProfile}. A request whose
 * last user message contains a row's question is answered from the row's truth: right or wrong by a seeded draw
 * against the profile's accuracy for the row's subset and the prompt's {@link PromptFeatures}, in the task's format
 * or not by a second draw against the profile's format compliance; {@link TaskAnswers} writes the text.
 *
 * <p>The draws are stratified: for a request seed, the rows of a subset are put in a seeded order and row k of n
 * draws from [k/n, (k+1)/n). So over a whole subset the share of right answers is the profile's accuracy to within
 * one row, for every seed; a row's draw ignores the model and the wording around the question, so a stronger model
 * or a better prompt gets right a superset of what a weaker one does. Stateless and thread-safe.
 */
final class SimulatedWorld {
    private static final long NO_SEED = 0x6E6F2D73656564L;
    private static final long CORRECT = 0xC022EC7L;
    private static final long COMPLY = 0xC0A1F0L;
    private static final long OFFSET = 0x0FF5E7L;

    private final TaskSet tasks;

    SimulatedWorld(TaskSet tasks) {
        this.tasks = tasks;
    }

    static SimulatedWorld bundled() {
        return new SimulatedWorld(TaskSet.bundled());
    }

    /** A request matched to a row, with the features of its prompt. */
    record Task(TaskRow row, PromptFeatures features) {}

    /** The task {@code request} asks (in its last user message), or null. */
    Task find(ChatRequest request) {
        List<Message> messages = request.messages();
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role() == Role.USER) {
                TaskRow row = tasks.find(messages.get(i).text());
                return row == null ? null : new Task(row, PromptFeatures.detect(request, row.question()));
            }
        }
        return null;
    }

    /** How much longer than its spec's time to first token {@code model} takes on {@code task}. */
    double latencyFactor(String model, MockModelSpec spec, Task task) {
        return WorldProfile.of(model, spec.accuracy()).latencyFactor(task.row().subset());
    }

    /** What {@code model} answers to {@code task} in choice {@code choice}; {@code rng} picks among wrong answers. */
    String answer(String model, MockModelSpec spec, Task task, ChatRequest request, int choice, Rng rng) {
        WorldProfile profile = WorldProfile.of(model, spec.accuracy());
        long seed = request.seed() == null ? NO_SEED : request.seed();
        if (choice > 0) {
            seed = Rng.combine(seed, choice);
        }
        String subset = task.row().subset();
        boolean correct = draw(task.row(), Rng.combine(seed, CORRECT)) < profile.accuracy(subset, task.features());
        boolean compliant = draw(task.row(), Rng.combine(seed, COMPLY)) < profile.compliance(task.features());
        boolean json =
                request.responseFormat() != null && request.responseFormat().isJson();
        return TaskAnswers.text(tasks, task, correct, compliant, json, rng);
    }

    /** The row's stratified uniform draw in [0, 1): its rank among its subset's rows in a seeded order, jittered. */
    private double draw(TaskRow row, long salt) {
        List<TaskRow> rows = tasks.subset(row.subset());
        long mine = Rng.combine(Rng.hash(row.question()), salt);
        int rank = 0;
        for (TaskRow other : rows) {
            long theirs = Rng.combine(Rng.hash(other.question()), salt);
            if (Long.compareUnsigned(theirs, mine) < 0) {
                rank++;
            }
        }
        return (rank + Rng.unit(mine ^ OFFSET)) / rows.size();
    }
}
