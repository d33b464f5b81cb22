package io.jloadgen.cli;

/** The {@code jloadgen} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(JloadgenCommand.commandLine().execute(args));
    }
}
