package io.mlflowlite.provider.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class KnowledgeSetTest {
    private final KnowledgeSet knowledge = KnowledgeSet.bundled();

    @Test
    void bundledSetHasAtLeast150DistinctWellFormedQuestions() {
        List<KnowledgeSet.Fact> facts = knowledge.facts();
        assertThat(facts).hasSizeGreaterThanOrEqualTo(150);
        Set<String> questions = new HashSet<>();
        for (KnowledgeSet.Fact fact : facts) {
            assertThat(fact.question()).endsWith("?");
            assertThat(fact.answer()).isNotBlank();
            assertThat(fact.category()).isNotBlank();
            assertThat(questions.add(Text.normalize(fact.question())))
                    .as("duplicate: %s", fact.question())
                    .isTrue();
        }
    }

    @Test
    void noQuestionGivesAwayItsOwnAnswer() {
        for (KnowledgeSet.Fact fact : knowledge.facts()) {
            assertThat(mentions(fact.question(), fact.answer()))
                    .as(fact.question())
                    .isFalse();
        }
    }

    @Test
    void everyQuestionAskedVerbatimMatchesItsOwnRow() {
        for (KnowledgeSet.Fact fact : knowledge.facts()) {
            assertThat(knowledge.match(fact.question())).as(fact.question()).contains(fact);
        }
    }

    @Test
    void rewordedQuestionMatchesTheRowItAsksAbout() {
        assertThat(knowledge.match("what's the capital city of france"))
                .get()
                .extracting(KnowledgeSet.Fact::answer)
                .isEqualTo("Paris");
        assertThat(knowledge.match("Tell me: who painted the Mona Lisa?"))
                .get()
                .extracting(KnowledgeSet.Fact::answer)
                .isEqualTo("Leonardo da Vinci");
        assertThat(knowledge.match("How many legs do spiders have?"))
                .get()
                .extracting(KnowledgeSet.Fact::answer)
                .isEqualTo("8");
    }

    @Test
    void unrelatedQuestionsAndOtherNumbersMatchNothing() {
        assertThat(knowledge.match("What is the capital of Atlantis?")).isEmpty();
        assertThat(knowledge.match("Write a haiku about autumn leaves")).isEmpty();
        assertThat(knowledge.match("What is 7 times 9?")).isEmpty();
        assertThat(knowledge.match("")).isEmpty();
    }

    @Test
    void statementsReadNaturallyAndContainTheAnswer() {
        assertThat(Phrasing.statement(fact("What is the capital of France?"), "Paris"))
                .isEqualTo("The capital of France is Paris.");
        assertThat(Phrasing.statement(fact("Which river flows through London?"), "Thames"))
                .isEqualTo("The Thames flows through London.");
        assertThat(Phrasing.statement(fact("How many legs does a spider have?"), "8"))
                .isEqualTo("A spider has 8 legs.");
        assertThat(Phrasing.statement(fact("Who painted the Mona Lisa?"), "Leonardo da Vinci"))
                .isEqualTo("Leonardo da Vinci painted the Mona Lisa.");
        assertThat(Phrasing.statement(fact("Which planet is closest to the Sun?"), "Mercury"))
                .isEqualTo("Mercury is the planet that is closest to the Sun.");
        assertThat(Phrasing.statement(fact("In what year did World War II end?"), "1945"))
                .isEqualTo("That was in 1945.");
        for (KnowledgeSet.Fact fact : knowledge.facts()) {
            String sentence = Phrasing.statement(fact, fact.answer());
            assertThat(mentions(sentence, fact.answer())).as(sentence).isTrue();
            assertThat(sentence).matches("^[A-Z0-9].*\\.$");
        }
    }

    @Test
    void wrongAnswersComeFromTheSameCategoryAndNeverContainTheRightOne() {
        for (KnowledgeSet.Fact fact : knowledge.facts()) {
            List<String> wrong = knowledge.wrongAnswers(fact);
            assertThat(wrong).as(fact.question()).isNotEmpty();
            for (String answer : wrong) {
                assertThat(mentions(Phrasing.statement(fact, answer), fact.answer()))
                        .as("%s -> %s", fact.question(), answer)
                        .isFalse();
            }
        }
        assertThat(knowledge.wrongAnswers(fact("What is the capital of France?")))
                .contains("Berlin", "Madrid")
                .doesNotContain("Paris", "Au");
    }

    private KnowledgeSet.Fact fact(String question) {
        return knowledge.match(question).orElseThrow();
    }

    /**
     * Whether {@code text} contains {@code answer} as a whole word, ignoring case (a sentence may start with
     * it): how the accuracy tests score a reply.
     */
    static boolean mentions(String text, String answer) {
        return Pattern.compile(
                        "(?<![\\p{L}\\p{N}])" + Pattern.quote(answer) + "(?![\\p{L}\\p{N}])",
                        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)
                .matcher(text)
                .find();
    }
}
