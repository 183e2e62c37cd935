package io.mlflowlite.embed;

import io.mlflowlite.eval.JudgePrompt;
import java.util.ArrayList;
import java.util.List;

/** Guidelines: yes when every guideline holds ({@link GuidelineCheck}); the rationale goes through each. */
final class GuidelinesJudge {
    private GuidelinesJudge() {}

    static Verdict judge(JudgePrompt prompt, Similarity similarity) {
        String response = Verdict.required(prompt.response(), prompt, "response");
        if (prompt.guidelines().isEmpty()) {
            throw Verdict.missing(prompt, "a <guidelines> section with at least one guideline");
        }
        List<String> lines = new ArrayList<>();
        int failed = 0;
        int approximated = 0;
        for (String guideline : prompt.guidelines()) {
            GuidelineCheck check = GuidelineCheck.check(guideline, response, similarity);
            failed += check.holds() ? 0 : 1;
            approximated += check.approximated() ? 1 : 0;
            lines.add(Texts.quote(guideline, 60) + (check.holds() ? " holds" : " fails") + " (" + check.detail() + ")");
        }
        int total = prompt.guidelines().size();
        String summary =
                failed == 0 ? "all " + total + " guidelines hold" : failed + " of " + total + " guidelines fail";
        String note = approximated == 0 ? "" : "; " + approximated + " approximated offline";
        String text = summary + note + ": " + String.join("; ", lines) + ".";
        return failed == 0 ? Verdict.yes(text) : Verdict.no(text);
    }
}
