package org.pointsledger.api;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaAccess.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.BeforeAll;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.config.EventProcessingConfigurer;
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
        // Main code only: neither this module's test classes nor the other modules' test-jars.
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
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

    /** A read model's processor is configured in its own package, beside its handlers. */
    @Test
    void eventProcessors_areRegisteredByTheirProjectionsOnly() {
        noClasses().that().resideOutsideOfPackage("org.pointsledger.projections..")
                .should().callMethodWhere(target(owner(assignableTo(
                        EventProcessingConfigurer.class))).and(target(nameMatching(
                        "register(Tracking|PooledStreaming|Subscribing)EventProcessor.*"
                                + "|registerDeadLetterQueue.*"))))
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
    void problemAnswers_neverDependOnWebHelpers() {
        noClasses().that().resideInAPackage("org.pointsledger.api.problems..")
                .should().dependOnClassesThat().resideInAPackage("org.pointsledger.api.web..")
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
    void apiPackages_formNoCycle() {
        slices().matching("org.pointsledger.api.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void services_throwTheApplicationsExceptions_notHttpOnes() {
        noClasses().that().resideInAnyPackage("org.pointsledger.domain..",
                        "org.pointsledger.commands..", "org.pointsledger.projections..",
                        "org.pointsledger.eventstore..", "org.pointsledger.api.rebuild..",
                        "org.pointsledger.api.deadletters..")
                .or().haveSimpleName("ApiKeys")
                .should().dependOnClassesThat().resideInAPackage("org.pointsledger.api.problems..")
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

    @Test
    void mainCode_readsTimeFromTheClock() {
        noClasses().should().callMethod(Instant.class, "now")
                .orShould().callMethod(LocalDate.class, "now")
                .orShould().callMethod(LocalDateTime.class, "now")
                .orShould().callMethod(OffsetDateTime.class, "now")
                .orShould().callMethod(ZonedDateTime.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .check(classes);
    }
}
