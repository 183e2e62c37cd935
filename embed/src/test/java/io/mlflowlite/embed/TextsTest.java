package io.mlflowlite.embed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The literal checks behind the offline judge's verdicts. */
class TextsTest {

    @Test
    void sentencesSplitOnEndPunctuationAndLinesButNotInsideNumbers() {
        assertThat(Texts.sentences("Version 3.5 shipped. It is faster!\n- a bullet\n2) numbered"))
                .containsExactly("Version 3.5 shipped.", "It is faster!", "a bullet", "numbered");
    }

    @Test
    void containmentIgnoresCasePunctuationAccentsAndNumberWords() {
        assertThat(Texts.contains("The capital of France is PARIS!", "paris")).isTrue();
        assertThat(Texts.contains("Refunds take five days.", "5 days")).isTrue();
        assertThat(Texts.contains("It costs 1,000 dollars", "1000 dollars")).isTrue();
        assertThat(Texts.contains("Café crème", "cafe creme")).isTrue();
        assertThat(Texts.contains("Parisian food", "Paris")).isFalse(); // whole words only
    }

    @Test
    void keyTermsAreNumbersNamesAndAcronymsNotSentenceStarters() {
        assertThat(Texts.keyTerms(
                        "Click 'Forgot password' on the AWS console in 2024. The Eiffel Tower is 330 m tall."))
                .containsExactlyInAnyOrder("2024", "330", "Forgot", "AWS", "Eiffel", "Tower");
        assertThat(Texts.keyTerms("Paris is the capital of France's north.")).containsExactly("Paris", "France");
        assertThat(Texts.keyTerms("MLflow tracks experiments.")).containsExactly("MLflow");
    }

    @Test
    void missingTermsSkipTermsTheRequestGaveAndAcceptSpelledOutAcronyms() {
        assertThat(Texts.missingTerms("The capital of France is Paris.", "It is Lyon.", Set.of("France")))
                .containsExactly("Paris");
        assertThat(Texts.missingTerms("It is an ML platform.", "a machine learning platform", Set.of()))
                .isEmpty();
        assertThat(Texts.missingTerms("Completed in 1889.", "It was completed in 1999.", Set.of()))
                .containsExactly("1889");
    }

    @Test
    void negationIsSeenInWordsAndContractions() {
        assertThat(Texts.negated("Paris is not the capital.")).isTrue();
        assertThat(Texts.negated("It doesn't work.")).isTrue();
        assertThat(Texts.negated("It never worked.")).isTrue();
        assertThat(Texts.negated("Paris is the capital. Nothing else matters")).isTrue();
        assertThat(Texts.negated("Paris is the capital.")).isFalse();
    }

    @Test
    void overlapCountsStemmedContentWords() {
        Set<String> evidence = Texts.contentWords("MLflow was first released by Databricks in June 2018.");

        assertThat(Texts.overlap("It was releasing in 2018.", evidence)).isEqualTo(1.0);
        assertThat(Texts.overlap("It is maintained by Google.", evidence)).isZero();
        assertThat(Texts.overlap("Sure, it is.", evidence)).isEqualTo(1.0); // no content words: nothing to support
    }

    @Test
    void wordsAreCountedAsAReaderWould() {
        assertThat(Texts.wordCount("Hello, world! It's 3.5 km - e-mail me.")).isEqualTo(7);
        assertThat(Texts.wordCount("")).isZero();
    }
}
