package org.pointsledger.eventstore;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Proves the event store stands below every module but the domain, and knows no HTTP. */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() throws URISyntaxException {
        Path mainClasses = Path.of(EventStoreConfiguration.class.getProtectionDomain()
                .getCodeSource().getLocation().toURI());
        classes = new ClassFileImporter().importPath(mainClasses);
    }

    @Test
    void eventStore_dependsOnTheDomainOnly_neverOnTheModulesAboveItOrOnHttp() {
        noClasses().that().resideInAPackage("org.pointsledger.eventstore..")
                .should().dependOnClassesThat().resideInAnyPackage("org.pointsledger.api..",
                        "org.pointsledger.commands..", "org.pointsledger.projections..",
                        "org.springframework.web..", "org.springframework.http..",
                        "jakarta.servlet..")
                .check(classes);
    }
}
