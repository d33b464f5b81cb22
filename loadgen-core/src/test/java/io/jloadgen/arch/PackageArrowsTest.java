package io.jloadgen.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * DESIGN.md's arrows: inside core, a package imports only packages listed below it, and engine and protocol
 * never import each other (session joins them).
 */
class PackageArrowsTest {
    /** Top to bottom, as in DESIGN.md. */
    private static final List<String> LAYERS = List.of(
            "report", "matrix", "api", "session", "protocol", "engine", "host", "stats", "config", "util");

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.jloadgen");

    @Test
    void packagesImportOnlyPackagesBelowThem() {
        for (int i = 0; i < LAYERS.size(); i++) {
            String lower = LAYERS.get(i);
            String[] higher = LAYERS.subList(0, i).stream().map(p -> "io.jloadgen." + p + "..").toArray(String[]::new);
            if (higher.length == 0) {
                continue;
            }
            noClasses().that().resideInAPackage("io.jloadgen." + lower + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(higher)
                    .because(lower + " sits below " + String.join(", ", LAYERS.subList(0, i)) + " (DESIGN.md)")
                    .check(classes);
        }
    }

    @Test
    void engineAndProtocolNeverImportEachOther() {
        noClasses().that().resideInAPackage("io.jloadgen.engine..")
                .should().dependOnClassesThat().resideInAPackage("io.jloadgen.protocol..").check(classes);
        noClasses().that().resideInAPackage("io.jloadgen.protocol..")
                .should().dependOnClassesThat().resideInAPackage("io.jloadgen.engine..").check(classes);
    }

    @Test
    void onlyTheEngineAndSessionUseNettyChannels() {
        noClasses().that().resideInAnyPackage("io.jloadgen.report..", "io.jloadgen.stats..", "io.jloadgen.config..",
                        "io.jloadgen.util..", "io.jloadgen.host..")
                .should().dependOnClassesThat().resideInAPackage("io.netty..")
                .check(classes);
    }
}
