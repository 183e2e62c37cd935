package io.mlflowlite.embed;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.error.InvalidRequestException;
import io.mlflowlite.eval.JudgePrompt;
import io.mlflowlite.json.Json;
import java.util.Optional;

/**
 * An offline judge's answer: yes or no, and why. Rendered as the judge contract's JSON with every rationale
 * starting with {@link #PREFIX}, so no one mistakes it for a real model's judgement.
 */
record Verdict(boolean yes, String rationale) {
    static final String PREFIX = "Offline judge (all-MiniLM-L6-v2 similarity): ";

    static Verdict yes(String why) {
        return new Verdict(true, why);
    }

    static Verdict no(String why) {
        return new Verdict(false, why);
    }

    /** {@code {"rationale": "Offline judge (…): …", "result": "yes"}} */
    String json() {
        ObjectNode node = Json.object();
        node.put("rationale", PREFIX + rationale);
        node.put("result", yes ? "yes" : "no");
        return node.toString();
    }

    /** The section's text, or a request error naming the judge and the missing tag. */
    static String required(Optional<String> section, JudgePrompt prompt, String tag) {
        return section.orElseThrow(() -> missing(prompt, "<" + tag + ">"));
    }

    static InvalidRequestException missing(JudgePrompt prompt, String what) {
        return new InvalidRequestException(
                "local/judge: the " + prompt.name() + " judge needs " + what
                        + " in the judge prompt (see io.mlflowlite.eval.JudgePrompt)",
                "messages");
    }
}
