package io.jloadgen.cli;

import io.jloadgen.api.Server;
import io.jloadgen.config.RateFormat;
import io.jloadgen.config.ServerAuth;
import io.jloadgen.config.ServerConfig;
import io.jloadgen.config.ServerLimits;
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

    @Option(names = {"-f", "--format"}, paramLabel = "UNIT",
            description = "Bitrate unit of the text output: k, m, g, t (bits/sec) or K, M, G, T (Bytes/sec); default: adaptive.")
    String format;

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

    @Option(names = "--max-duration", converter = UnitConverters.Seconds.class, defaultValue = "0",
            description = "Longest test a client may ask for, omit included; -n/-k tests are refused (default: no limit).")
    Duration maxDuration;

    @Option(names = "--max-streams", defaultValue = "0",
            description = "Most parallel streams (-P) per test (default: no limit).")
    int maxStreams;

    @Option(names = "--max-bitrate", converter = UnitConverters.BitRate.class, defaultValue = "0",
            description = "Most total bit/s a test may ask for (-b x -P, both ways with --bidir); "
                    + "a test without -b is refused (default: no limit).")
    long maxBitrate;

    @Option(names = "--rsa-private-key-path", description = "RSA private key (PEM, unencrypted) to decrypt "
            + "iperf3 authentication tokens; with --authorized-users-path, only authorized users may test.")
    java.nio.file.Path rsaPrivateKey;

    @Option(names = "--authorized-users-path", description = "File of 'username,sha256(\"{username}password\")' lines.")
    java.nio.file.Path authorizedUsers;

    @Option(names = "--use-pkcs1-padding", description = "Accept tokens padded with PKCS#1 v1.5, as iperf3 clients "
            + "before 3.17 make them (default: OAEP only).")
    boolean pkcs1Padding;

    @Option(names = "--time-skew-threshold", converter = UnitConverters.Seconds.class, defaultValue = "10",
            description = "How far a token's time may be from the server's (default ${DEFAULT-VALUE} s).")
    Duration skewThreshold;

    private ServerAuth auth() {
        if (rsaPrivateKey == null && authorizedUsers == null) {
            return null;
        }
        if (rsaPrivateKey == null || authorizedUsers == null) {
            throw new IllegalArgumentException("--rsa-private-key-path and --authorized-users-path go together");
        }
        return new ServerAuth(rsaPrivateKey, authorizedUsers, pkcs1Padding, skewThreshold);
    }

    @Override
    public Integer call() throws InterruptedException {
        ServerConfig config;
        try {
            config = new ServerConfig(bind, port, oneOff, transport, threads, controlTimeout, maxTests,
                    new ServerLimits(maxDuration, maxStreams, maxBitrate), auth(),
                    format == null ? RateFormat.ADAPTIVE : RateFormat.parse(format));
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
