package io.jloadgen.cli;

import io.jloadgen.api.Client;
import io.jloadgen.api.OutputFormat;
import io.jloadgen.api.TestResult;
import io.jloadgen.config.ClientAuth;
import io.jloadgen.config.ClientConfig;
import io.jloadgen.config.Direction;
import io.jloadgen.config.RateFormat;
import io.jloadgen.config.Transport;
import io.jloadgen.config.TypeOfService;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.Console;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code jloadgen client}: iperf3's client flags, against stock iperf3 servers or jloadgen servers. */
@Command(name = "client", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run a TCP or UDP test against an iperf3 or jloadgen server (iperf3's client flags).")
public final class ClientCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    // -V is iperf3's --verbose here, which displaces picocli's standard -h/-V pair: declare help by hand
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Parameters(index = "0", arity = "0..1", paramLabel = "HOST", description = "Server to connect to.")
    String host;

    @Option(names = {"-c", "--client"}, paramLabel = "HOST", description = "Server to connect to (iperf3's spelling).")
    String hostOption;

    @Option(names = {"-p", "--port"}, description = "Server port (default ${DEFAULT-VALUE}).", defaultValue = "5201")
    int port;

    @Option(names = {"-t", "--time"}, converter = UnitConverters.Seconds.class, defaultValue = "10",
            description = "Time to transmit, seconds (default ${DEFAULT-VALUE}).")
    Duration time;

    @Option(names = {"-n", "--bytes"}, converter = UnitConverters.Bytes.class, defaultValue = "0",
            description = "Bytes to transmit instead of -t (K/M/G binary).")
    long bytes;

    @Option(names = {"-k", "--blockcount"}, converter = UnitConverters.Bytes.class, defaultValue = "0",
            description = "Blocks to transmit instead of -t.")
    long blocks;

    @Option(names = {"-O", "--omit"}, converter = UnitConverters.Seconds.class, defaultValue = "0",
            description = "Omit the first N seconds (warm-up).")
    Duration omit;

    @Option(names = {"-i", "--interval"}, converter = UnitConverters.Seconds.class, defaultValue = "1",
            description = "Seconds between periodic reports, 0 to disable (default ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = {"-P", "--parallel", "--streams"}, defaultValue = "1", description = "Parallel streams (default ${DEFAULT-VALUE}).")
    int streams;

    @Option(names = {"-R", "--reverse"}, description = "Reverse mode: the server sends, the client receives.")
    boolean reverse;

    @Option(names = "--bidir", description = "Both directions at once.")
    boolean bidir;

    @Option(names = {"-u", "--udp"}, description = "UDP instead of TCP (paced: 1 Mbit/s unless -b says otherwise).")
    boolean udp;

    @Option(names = "--udp-counters-64bit", description = "64-bit UDP sequence numbers.")
    boolean udpCounters64;

    @Option(names = {"-l", "--length"}, converter = UnitConverters.Bytes.class,
            description = "Bytes per write (default 128K), or per UDP datagram (default: the control connection's MSS, else 1460).")
    Long length;

    @Option(names = {"-w", "--window"}, converter = UnitConverters.Bytes.class, defaultValue = "0",
            description = "Socket buffer size (SO_SNDBUF/SO_RCVBUF); default: kernel autotuning.")
    long window;

    @Option(names = {"-b", "--bitrate"}, converter = UnitConverters.BitRate.class,
            description = "Target bit/s per stream, paced (K/M/G SI); 0 for unlimited (default for TCP; UDP: 1M).")
    Long bitrate;

    @Option(names = "--fq-rate", converter = UnitConverters.BitRate.class, defaultValue = "0", paramLabel = "RATE",
            description = "Kernel pacing of each data stream, both ends (SO_MAX_PACING_RATE; bit/s, K/M/G SI; "
                    + "epoll/io_uring): TCP's own pacing, or the fq qdisc's; default: none.")
    long fqRate;

    @Option(names = "--extra-data", paramLabel = "STR",
            description = "A string for the JSON documents: top-level extra_data in -J, and sent to the server.")
    String extraData;

    @Option(names = "--dont-fragment",
            description = "UDP over IPv4: set Don't Fragment on the datagrams, both ends (epoll/io_uring): a datagram "
                    + "above the path MTU then fails to send instead of leaving in fragments.")
    boolean dontFragment;

    @Option(names = {"-Z", "--zerocopy"}, description = "Send TCP data with sendfile (zero copy).")
    boolean zeroCopy;

    @Option(names = "--cport", defaultValue = "0", description = "Local port of the data streams (stream i uses PORT + i).")
    int clientPort;

    @Option(names = {"-4", "--version4"}, description = "Only IPv4.")
    boolean ipv4;

    @Option(names = {"-6", "--version6"}, description = "Only IPv6.")
    boolean ipv6;

    @Option(names = "--get-server-output", description = "Print the server's output for this test.")
    boolean getServerOutput;

    @Option(names = "--rcv-timeout", defaultValue = "120000", paramLabel = "MS",
            description = "Fail when received data stop for this many ms while the test runs; 0 for no limit (default ${DEFAULT-VALUE}, as iperf3).")
    long rcvTimeoutMs;

    @Option(names = "--snd-timeout", defaultValue = "0", paramLabel = "MS",
            description = "TCP_USER_TIMEOUT of the data streams in ms (epoll/io_uring; default: the kernel's).")
    long sndTimeoutMs;

    @CommandLine.Mixin
    OutputOptions output;

    @Option(names = {"-N", "--no-delay"}, description = "Set TCP_NODELAY.")
    boolean noDelay;

    @Option(names = {"-M", "--set-mss"}, defaultValue = "0", description = "TCP maximum segment size (epoll/io_uring).")
    int mss;

    @Option(names = {"-C", "--congestion"}, description = "TCP congestion control algorithm (epoll/io_uring).")
    String congestion;

    @Option(names = {"-S", "--tos"}, paramLabel = "N",
            description = "IP type-of-service byte of the data streams, both ways (0..255; 52, 064 and 0x34 are the same).")
    String tos;

    @Option(names = "--dscp", paramLabel = "VAL",
            description = "IP DSCP of the data streams, both ways: 0..63 or a name (af11..af43, cs0..cs7, ef, le).")
    String dscp;

    @Option(names = {"-B", "--bind"}, paramLabel = "ADDRESS",
            description = "Local address of the control and data connections (default: the kernel's choice).")
    String bind;

    @Option(names = {"-f", "--format"}, paramLabel = "UNIT",
            description = "Bitrate unit of the text output: k, m, g, t (bits/sec) or K, M, G, T (Bytes/sec); default: adaptive.")
    String format;

    @Option(names = {"-T", "--title"}, description = "Prefix every output line with this string.")
    String title;

    @Option(names = {"-J", "--json"}, description = "Output iperf3's JSON document.")
    boolean json;

    @Option(names = "--json-stream", description = "Output one JSON object per line per event (iperf3 3.17's --json-stream).")
    boolean jsonStream;

    @Option(names = {"-V", "--verbose"}, description = "More detail: transport, cookie, test settings, CPU use.")
    boolean verbose;

    @Option(names = "--transport", converter = UnitConverters.TransportKind.class, defaultValue = "auto",
            description = "auto, epoll, io_uring or nio (default ${DEFAULT-VALUE}: epoll when available).")
    Transport transport;

    @Option(names = "--threads", defaultValue = "0",
            description = "Event-loop threads for the streams (default: one per core, at most one per stream).")
    int threads;

    @Option(names = "--connect-timeout", converter = UnitConverters.Seconds.class, defaultValue = "10",
            description = "Timeout for each TCP connect (default ${DEFAULT-VALUE} s).")
    Duration connectTimeout;

    @Option(names = "--control-timeout", converter = UnitConverters.Seconds.class, defaultValue = "10",
            description = "Deadline for each control-protocol step (default ${DEFAULT-VALUE} s).")
    Duration controlTimeout;

    @Option(names = "--username", paramLabel = "USER", description = "Authenticate as this user (iperf3's token; the password comes "
            + "from IPERF3_PASSWORD, else it is asked for on the console). Needs --rsa-public-key-path.")
    String username;

    @Option(names = "--rsa-public-key-path", paramLabel = "FILE",
            description = "The server's RSA public key (PEM \"BEGIN PUBLIC KEY\") that encrypts the token.")
    Path rsaPublicKey;

    @Option(names = "--use-pkcs1-padding", description = "Pad the token with PKCS#1 v1.5, as iperf3 servers before "
            + "3.17 (and later ones with --use-pkcs1-padding) expect (default: OAEP).")
    boolean pkcs1Padding;

    @CommandLine.Mixin
    Iperf2Options iperf2Options;

    /** iperf3's environment variable for the password. */
    static final String PASSWORD_VARIABLE = "IPERF3_PASSWORD";

    /** Null without --username; the password as iperf3 finds it: the environment, else the console, echo off. */
    private ClientAuth auth() {
        if (username == null && rsaPublicKey == null) {
            if (pkcs1Padding) {
                throw new IllegalArgumentException("--use-pkcs1-padding goes with --username and --rsa-public-key-path");
            }
            return null;
        }
        if (username == null || rsaPublicKey == null) {
            throw new IllegalArgumentException("--username and --rsa-public-key-path go together");
        }
        if (iperf2Options.iperf2 || iperf2Options.bounceback) {
            throw new IllegalArgumentException("--username: authentication is iperf3's, not with --iperf2 or --bounceback");
        }
        String password = System.getenv(PASSWORD_VARIABLE);
        if (password == null) {
            Console console = System.console();
            if (console == null) {
                throw new IllegalArgumentException("--username: no password: set " + PASSWORD_VARIABLE
                        + " (there is no console to ask for it on)");
            }
            char[] typed = console.readPassword("Password: ");
            if (typed == null) {
                throw new IllegalArgumentException("--username: no password: the console was closed");
            }
            password = new String(typed);
        }
        return new ClientAuth(username, password, rsaPublicKey, pkcs1Padding);
    }

    @Override
    public Integer call() {
        String server = hostOption != null ? hostOption : host;
        if (server == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing HOST (give it as an argument or with -c)");
        }
        if (reverse && bidir) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-R and --bidir exclude each other");
        }
        if (ipv4 && ipv6) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-4 and -6 exclude each other");
        }
        if (udp && zeroCopy) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-Z/--zerocopy: TCP only in jloadgen");
        }
        if (tos != null && dscp != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-S/--tos and --dscp exclude each other");
        }
        ClientConfig config;
        try {
            ClientConfig.Builder b = ClientConfig.builder(server).port(port).streams(streams).duration(time).bytesLimit(bytes)
                    .blocksLimit(blocks).omit(omit).interval(interval)
                    .socketBufferBytes(Math.toIntExact(window)).noDelay(noDelay).mss(mss).congestion(congestion)
                    .direction(bidir ? Direction.BIDIR : reverse ? Direction.REVERSE : Direction.FORWARD)
                    .transport(transport).threads(threads).connectTimeout(connectTimeout)
                    .controlTimeout(controlTimeout).title(title).udp(udp).udpCounters64(udpCounters64).zeroCopy(zeroCopy)
                    .clientPort(clientPort).ipVersion(ipv4 ? 4 : ipv6 ? 6 : 0).getServerOutput(getServerOutput)
                    .receiveTimeout(Duration.ofMillis(rcvTimeoutMs)).sendTimeout(Duration.ofMillis(sndTimeoutMs))
                    .bindAddress(bind).fqRateBps(fqRate).dontFragment(dontFragment)
                    .extraData(extraData);
            if (tos != null) {
                b.tos(TypeOfService.parseTos(tos));
            }
            if (dscp != null) {
                b.tos(TypeOfService.parseDscp(dscp));
            }
            if (format != null) {
                b.rateFormat(RateFormat.parse(format));
            }
            if (length != null) {
                b.blockSize(Math.toIntExact(length));
            }
            if (bitrate != null) {
                b.bitrateBps(bitrate);
            }
            b.build(); // every other option is checked before the password is asked for
            config = b.auth(auth()).build();
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintStream out = output.open(spec.commandLine());
        TestResult result = iperf2Options.runIfAsked(spec, config, json, verbose, out);
        if (result == null) {
            OutputFormat format = jsonStream ? OutputFormat.JSON_STREAM : json ? OutputFormat.JSON : OutputFormat.TEXT;
            result = Client.start(config, format, out, verbose).join();
        }
        out.flush();
        return result.ok() ? JloadgenCommand.EXIT_OK : JloadgenCommand.EXIT_FAILURE;
    }
}
