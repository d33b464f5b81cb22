package io.jloadgen.cli;

import io.jloadgen.matrix.SpecException;
import io.jloadgen.matrix.SwitchResets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code jloadgen matrix reset-switches DIR}: after a block's switches used up their attempts and the user fixed the
 * cause, gives the block its attempts back (a reset line in the journal, which stays append-only).
 */
@Command(name = "reset-switches", mixinStandardHelpOptions = true,
        description = {"Give the blocks of an --all campaign whose variant switches used up their attempts (the "
                + "campaign stopped saying so) their attempts back, once the cause is fixed; then resume the "
                + "campaign. Appends a reset line per block to switches.journal; runs nothing."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:reset, or nothing to reset", "1:unreadable or unwritable files",
                "2:DIR is not an --all campaign directory, or --block names no block of its plan"})
public final class MatrixResetSwitchesCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR",
            description = "The campaign directory, <out>/<name> (it holds plan.json), e.g. results/xen-netback.")
    Path dir;

    @Option(names = "--block", paramLabel = "N",
            description = "Reset this block (1-based), whatever its attempts (default: every block that used them up).")
    Integer block;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            List<String> done = SwitchResets.reset(dir, block);
            if (done.isEmpty()) {
                out.println("no block of " + dir + " has used up its switch attempts: nothing to reset");
            } else {
                done.forEach(out::println);
                out.println("resume with the campaign's own command line (jloadgen matrix SPEC --all --resume ...)");
            }
            out.flush();
            return JloadgenCommand.EXIT_OK;
        } catch (SpecException e) {
            err.println("jloadgen matrix reset-switches: " + e.getMessage());
            err.flush();
            return JloadgenCommand.EXIT_USAGE;
        } catch (IOException e) {
            err.println("jloadgen matrix reset-switches: " + e.getMessage());
            err.flush();
            return JloadgenCommand.EXIT_FAILURE;
        }
    }
}
