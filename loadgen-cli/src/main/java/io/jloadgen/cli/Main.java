package io.jloadgen.cli;

/** The {@code jloadgen} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 1 && args[0].equals("--version")) {
            // answered before the full command model (every subcommand's options) is built: scripts call it often
            System.out.println(JloadgenCommand.VersionProvider.line());
            return;
        }
        // Netty's default leak sampling allocates on the receive path; tests turn it up to paranoid instead.
        System.setProperty("io.netty.leakDetection.level", System.getProperty("io.netty.leakDetection.level", "disabled"));
        System.exit(JloadgenCommand.commandLine().execute(args));
    }
}
