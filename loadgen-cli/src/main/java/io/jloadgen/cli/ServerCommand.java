package io.jloadgen.cli;

import io.jloadgen.api.Server;
import io.jloadgen.config.ServerConfig;
import io.jloadgen.config.Transport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code jloadgen server}: an iperf3-protocol server that runs many tests at once. */
@Command(name = "server", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Serve iperf3 and jloadgen clients; many tests at once on one port.")
public final class ServerCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-p", "--port"}, defaultValue = "5201", description = "Port to listen on (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = {"-B", "--bind"}, description = "Address to listen on (default: all).")
    String bind;

    @Option(names = {"-1", "--one-off"}, description = "Serve one test, then exit.")
    boolean oneOff;

    @Option(names = "--transport", converter = UnitConverters.TransportKind.class, defaultValue = "auto",
            description = "auto, epoll, io_uring or nio (default ${DEFAULT-VALUE}).")
    Transport transport;

    @Option(names = "--threads", defaultValue = "0", description = "Event-loop threads (default: one per core).")
    int threads;

    @Option(names = "--control-timeout", converter = UnitConverters.Seconds.class, defaultValue = "10",
            description = "Deadline for a client's cookie and each control message (default ${DEFAULT-VALUE} s).")
    Duration controlTimeout;

    @Option(names = "--max-tests", defaultValue = "64",
            description = "Tests served at once; more get iperf3's access-denied (default ${DEFAULT-VALUE}).")
    int maxTests;

    @CommandLine.Mixin
    OutputOptions output;

    @Override
    public Integer call() throws InterruptedException {
        ServerConfig config;
        try {
            config = new ServerConfig(bind, port, oneOff, transport, threads, controlTimeout, maxTests);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintStream out = output.open(spec.commandLine());
        Server server = Server.start(config, out);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "jloadgen-shutdown"));
        out.println("-----------------------------------------------------------");
        out.println("Server listening on " + server.port() + " (" + server.transport() + ", up to " + maxTests
                + " tests at once)");
        out.println("-----------------------------------------------------------");
        out.flush();
        server.awaitTermination();
        return JloadgenCommand.EXIT_OK;
    }
}
