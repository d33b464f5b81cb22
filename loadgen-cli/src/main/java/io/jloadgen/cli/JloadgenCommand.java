package io.jloadgen.cli;

import io.jloadgen.util.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** The root command: subcommands only. */
@Command(name = "jloadgen",
        mixinStandardHelpOptions = true,
        versionProvider = JloadgenCommand.VersionProvider.class,
        description = "A pure-Java iperf3-compatible load generator and experiment controller.",
        subcommands = {ServerCommand.class, ClientCommand.class, MatrixCommand.class, ReportCommand.class, SelfTestCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:ok",
                "1:runtime failure (connection refused, peer error, I/O)",
                "2:usage error (bad option or value)",
                "3:finished, but a test failed or a target was missed"})
public final class JloadgenCommand implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_TARGET_MISSED = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** A command line with jloadgen's error handling: one clear line, stack trace only with --debug-trace. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new JloadgenCommand());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("jloadgen: error - " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            if (System.getenv("JLOADGEN_TRACE") != null) {
                ex.printStackTrace(commandLine.getErr());
            }
            return ex instanceof IllegalArgumentException ? EXIT_USAGE : EXIT_FAILURE;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("jloadgen: " + ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            return EXIT_USAGE;
        });
        cl.setExitCodeExceptionMapper(t -> EXIT_FAILURE);
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class VersionProvider implements IVersionProvider {
        static String line() {
            return "jloadgen " + Version.get() + " (Java " + Runtime.version() + ")";
        }

        @Override
        public String[] getVersion() {
            return new String[] {line()};
        }
    }
}
