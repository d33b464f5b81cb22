package io.jloadgen.cli;

import io.jloadgen.matrix.CampaignStatus;
import io.jloadgen.matrix.SpecException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code jloadgen matrix status DIR}: an {@code --all} campaign's progress, read from disk. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show an --all campaign's progress from disk: done, failed and pending tests per block and "
                + "variant, the last variant switch and the estimated time left. Safe while the campaign runs."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:shown", "1:unreadable files", "2:DIR is not an --all campaign directory"})
public final class MatrixStatusCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR",
            description = "The campaign directory, <out>/<name> (it holds plan.json), e.g. results/netns.")
    Path dir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            CampaignStatus.read(dir).print(out);
            return JloadgenCommand.EXIT_OK;
        } catch (SpecException e) {
            err.println("jloadgen matrix status: " + e.getMessage());
            err.flush();
            return JloadgenCommand.EXIT_USAGE;
        } catch (IOException e) {
            err.println("jloadgen matrix status: " + e.getMessage());
            err.flush();
            return JloadgenCommand.EXIT_FAILURE;
        }
    }
}
