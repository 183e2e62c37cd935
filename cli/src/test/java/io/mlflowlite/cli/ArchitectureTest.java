package io.mlflowlite.cli;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

/**
 * The architecture rules of docs/ARCHITECTURE.md, checked on the compiled main classes of every module on this
 * module's classpath (all but the examples and the benchmarks). Module layering itself is kept by the Maven
 * dependencies; these rules keep what Maven cannot see: no cycle between packages, and internal stays internal.
 */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.mlflowlite");

    /** Each package is a slice of its own: a cycle between any two packages fails, subpackages included. */
    private static final SliceAssignment BY_PACKAGE = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            return SliceIdentifier.of(javaClass.getPackageName());
        }

        @Override
        public String getDescription() {
            return "every package of io.mlflowlite";
        }
    };

    /** Classes compiled into the core module (its jar or its classes folder in a reactor build). */
    private static final DescribedPredicate<JavaClass> IN_CORE = DescribedPredicate.describe(
            "in the core module",
            c -> c.getSource()
                    .map(s -> s.getUri().toString())
                    .filter(uri -> uri.contains("/core/target/") || uri.contains("mlflowlite-core-"))
                    .isPresent());

    @Test
    void seesEveryModule() {
        assertThat(CLASSES.stream().map(JavaClass::getPackageName).distinct())
                .contains(
                        "io.mlflowlite",
                        "io.mlflowlite.gateway",
                        "io.mlflowlite.eval",
                        "io.mlflowlite.agent",
                        "io.mlflowlite.store",
                        "io.mlflowlite.server",
                        "io.mlflowlite.cli",
                        "io.mlflowlite.internal.http");
    }

    @Test
    void packagesHaveNoCycles() {
        slices().assignedFrom(BY_PACKAGE).should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void onlyCoreReachesItsInternalPackages() {
        noClasses()
                .that(DescribedPredicate.not(IN_CORE))
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.mlflowlite.internal..")
                .because("io.mlflowlite.internal is not API: other modules use core's public types")
                .check(CLASSES);
    }

    @Test
    void errorsAreALeaf() {
        noClasses()
                .that()
                .resideInAPackage("io.mlflowlite.error")
                .should()
                .dependOnClassesThat(resideInAPackage("io.mlflowlite..")
                        .and(DescribedPredicate.not(resideInAPackage("io.mlflowlite.error"))))
                .check(CLASSES);
    }

    @Test
    void chatValuesKnowNoCodecNoEvaluationNoPipeline() {
        noClasses()
                .that()
                .resideInAPackage("io.mlflowlite.chat")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.mlflowlite.provider..",
                        "io.mlflowlite.pipeline..",
                        "io.mlflowlite.eval..",
                        "io.mlflowlite.tracing..",
                        "io.mlflowlite.gateway..")
                .check(CLASSES);
    }
}
