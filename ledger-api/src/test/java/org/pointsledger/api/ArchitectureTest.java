package org.pointsledger.api;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pointsledger.domain.account.PointAccount;

/**
 * Proves the module boundaries of STYLE.md: domain alone, projections on events only, HTTP
 * known in ledger-api alone, and no cycle between modules or between a module's packages.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.pointsledger");
    }

    @Test
    void domain_dependsOnNeitherSpringNorSqlNorOtherModules() {
        noClasses().that().resideInAPackage("org.pointsledger.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..",
                        "java.sql..", "javax.sql..", "jakarta..", "org.pointsledger.projections..",
                        "org.pointsledger.api..")
                .check(classes);
    }

    @Test
    void projections_dependOnEventsButNeverOnTheAggregateOrTheWebLayer() {
        noClasses().that().resideInAPackage("org.pointsledger.projections..")
                .should().dependOnClassesThat().resideInAnyPackage("org.pointsledger.api..",
                        "org.springframework.web..", "jakarta.servlet..")
                .orShould().dependOnClassesThat().belongToAnyOf(PointAccount.class)
                .check(classes);
    }

    @Test
    void commands_knowNeitherHttpNorTheWebLayer() {
        noClasses().that().resideInAPackage("org.pointsledger.commands..")
                .should().dependOnClassesThat().resideInAnyPackage("org.pointsledger.api..",
                        "org.springframework.web..", "org.springframework.http..",
                        "jakarta.servlet..")
                .check(classes);
    }

    @Test
    void domainAndProjections_neverDependOnTheCommandSide() {
        noClasses().that().resideInAnyPackage("org.pointsledger.domain..",
                        "org.pointsledger.projections..")
                .should().dependOnClassesThat().resideInAPackage("org.pointsledger.commands..")
                .check(classes);
    }

    @Test
    void restResources_neverUseAxonDirectly() {
        noClasses().that().resideInAnyPackage("org.pointsledger.api.accounts..",
                        "org.pointsledger.api.transactions..", "org.pointsledger.api.definitions..",
                        "org.pointsledger.api.expiry..", "org.pointsledger.api.security..")
                .should().dependOnClassesThat().resideInAPackage("org.axonframework..")
                .check(classes);
    }

    @Test
    void domain_usesOfAxonOnlyTheAnnotationsAndTheLifecycleOfItsAggregate() {
        noClasses().that().resideInAPackage("org.pointsledger.domain..")
                .should().dependOnClassesThat(resideInAPackage("org.axonframework..")
                        .and(not(belongToAnyOf(AggregateIdentifier.class,
                                TargetAggregateIdentifier.class, AggregateLifecycle.class,
                                CreationPolicy.class, AggregateCreationPolicy.class,
                                CommandHandler.class, EventSourcingHandler.class))))
                .check(classes);
    }

    @Test
    void http_isKnownInLedgerApiAlone() {
        noClasses().that().resideInAPackage("org.pointsledger..")
                .and().resideOutsideOfPackage("org.pointsledger.api..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..",
                        "org.springframework.http..", "jakarta.servlet..")
                .check(classes);
    }

    @Test
    void modules_dependOnEachOtherWithoutCycles() {
        slices().matching("org.pointsledger.(*)..").should().beFreeOfCycles().check(classes);
    }

    /** ledger-eventstore is one package, so it has no cycle of packages to look for. */
    @ParameterizedTest
    @ValueSource(strings = {"domain", "commands", "projections"})
    void packagesOfAModule_dependOnEachOtherWithoutCycles(String module) {
        slices().matching("org.pointsledger." + module + ".(*)..").should().beFreeOfCycles()
                .check(classes);
    }

    /**
     * Known exception, to be removed with it: {@code api.problems} and {@code api.web} import
     * each other (ProblemResponses reads web's Parameters and RequestFraming; Paging and
     * WireTimes throw problems' RequestValidation). Issue 9, item 4 ends that cycle; until then
     * the dependencies between these two packages alone are ignored, every other cycle of
     * ledger-api fails this test.
     */
    @Test
    void packagesOfLedgerApi_dependOnEachOtherWithoutCycles_butTheKnownProblemsWebCycle() {
        slices().matching("org.pointsledger.api.(*)..").should().beFreeOfCycles()
                .ignoreDependency(resideInAPackage("org.pointsledger.api.problems.."),
                        resideInAPackage("org.pointsledger.api.web.."))
                .ignoreDependency(resideInAPackage("org.pointsledger.api.web.."),
                        resideInAPackage("org.pointsledger.api.problems.."))
                .check(classes);
    }
}
