package io.jloadgen.report;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** DESIGN.md: report is the top of core, reads files only, and never touches Netty or the layers that do. */
@Timeout(60)
class ReportArchitectureTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.jloadgen");

    @Test
    void reportDoesNotImportNettyOrTheNetworkLayers() {
        noClasses().that().resideInAPackage("io.jloadgen.report..")
                .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "io.jloadgen.engine..",
                        "io.jloadgen.protocol..", "io.jloadgen.session..", "io.jloadgen.api..")
                .check(CORE);
    }

    @Test
    void statisticsDoNotDependOnTheReport() {
        noClasses().that().resideInAPackage("io.jloadgen.stats..")
                .should().dependOnClassesThat().resideInAnyPackage("io.jloadgen.report..", "io.jloadgen.matrix..")
                .check(CORE);
    }
}
