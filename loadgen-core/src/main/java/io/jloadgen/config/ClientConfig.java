package io.jloadgen.config;

import java.time.Duration;
import java.util.Objects;

/**
 * One client test, as iperf3's client flags describe it. Immutable; built with {@link #builder(String)},
 * whose {@link Builder#build()} validates and names the offending option in its message.
 *
 * @param host              server to connect to
 * @param port              server port ({@code -p})
 * @param streams           parallel streams ({@code -P})
 * @param duration          test length ({@code -t}); ignored when {@code bytesLimit} or {@code blocksLimit} is set
 * @param bytesLimit        bytes to send per test, 0 for none ({@code -n})
 * @param blocksLimit       blocks to send per test, 0 for none ({@code -k})
 * @param omit              warm-up not counted ({@code -O})
 * @param interval          reporting interval, zero to disable ({@code -i})
 * @param blockSize         bytes per write ({@code -l})
 * @param socketBufferBytes SO_SNDBUF/SO_RCVBUF, 0 for the kernel's autotuning ({@code -w})
 * @param noDelay           TCP_NODELAY ({@code -N})
 * @param mss               TCP_MAXSEG, 0 for default ({@code -M})
 * @param congestion        TCP congestion algorithm, null for default ({@code -C})
 * @param bitrateBps        target bit rate per stream in bit/s, 0 for unlimited ({@code -b})
 * @param direction         forward, reverse ({@code -R}) or both ({@code --bidir})
 * @param transport         Netty transport
 * @param threads           event-loop threads for data, 0 for one per core capped at the stream count
 * @param connectTimeout    TCP connect timeout
 * @param controlTimeout    deadline for each control-protocol step
 * @param title             prefix for text output lines ({@code -T}), null for none
 * @param udp               UDP instead of TCP ({@code -u}); {@code blockSize} 0 then means iperf3's choice (the
 *                          control connection's MSS, else 1460)
 * @param udpCounters64     64-bit UDP sequence numbers ({@code --udp-counters-64bit})
 * @param zeroCopy          send TCP data with sendfile ({@code -Z})
 * @param clientPort        local port of the data streams, 0 for any ({@code --cport}); stream i uses port + i
 * @param ipVersion         4 or 6 to use only that address family ({@code -4}/{@code -6}), 0 for either
 * @param getServerOutput   ask the server for its output and print it ({@code --get-server-output})
 * @param receiveTimeout    idle limit for received data while the test runs ({@code --rcv-timeout}), zero for none
 * @param sendTimeout       TCP_USER_TIMEOUT of the data streams ({@code --snd-timeout}), zero for the kernel's
 * @param auth              iperf3-compatible authentication ({@code --username}), null for none
 * @param tos               IP type-of-service byte of the data streams, both ways ({@code -S}/{@code --dscp}), 0 to
 *                          leave the kernel's
 * @param fqRateBps         SO_MAX_PACING_RATE of the data streams, both ends, in bits/s ({@code --fq-rate}): the
 *                          kernel paces each socket (TCP's own pacing, or the fq qdisc's); 0 for none
 * @param dontFragment      UDP over IPv4: set Don't Fragment on the datagrams, both ends ({@code --dont-fragment}),
 *                          so a datagram larger than the path MTU fails instead of being fragmented
 * @param extraData         a string for both ends' JSON documents ({@code --extra-data}), null for none
 * @param bindAddress       local address of every connection ({@code -B}), null for the kernel's choice
 * @param rateFormat        the text output's bitrate unit ({@code -f}: one of kmgtKMGT), or 'a' to adapt it
 */
public record ClientConfig(
        String host,
        int port,
        int streams,
        Duration duration,
        long bytesLimit,
        long blocksLimit,
        Duration omit,
        Duration interval,
        int blockSize,
        int socketBufferBytes,
        boolean noDelay,
        int mss,
        String congestion,
        long bitrateBps,
        Direction direction,
        Transport transport,
        int threads,
        Duration connectTimeout,
        Duration controlTimeout,
        String title,
        boolean udp,
        boolean udpCounters64,
        boolean zeroCopy,
        int clientPort,
        int ipVersion,
        boolean getServerOutput,
        Duration receiveTimeout,
        Duration sendTimeout,
        ClientAuth auth,
        int tos,
        long fqRateBps,
        boolean dontFragment,
        String extraData,
        String bindAddress,
        char rateFormat) {

    public static final int DEFAULT_PORT = 5201;
    public static final int DEFAULT_TCP_BLOCK = 128 * 1024;
    public static final int MAX_STREAMS = 128;
    /**
     * The most of {@code --extra-data} a jloadgen server accepts (protocol's TestParameters bounds what arrives; iperf3
     * sets no bound): checked here too, so a long one is a usage error, not a refusal by the server.
     */
    public static final int MAX_EXTRA_DATA = 4096;
    public static final int MAX_BLOCK = 16 * 1024 * 1024;
    /** iperf3's largest UDP datagram payload. */
    public static final int MAX_UDP_BLOCK = 65_507;
    /** iperf3's UDP rate when {@code -b} is not given: 1 Mbit/s. */
    public static final long DEFAULT_UDP_BITRATE = 1_000_000;

    public ClientConfig {
        Objects.requireNonNull(host, "host");
        require(!host.isBlank(), "HOST: must not be empty");
        require(port > 0 && port < 65536, "-p/--port: must be 1..65535, not " + port);
        require(streams >= 1 && streams <= MAX_STREAMS, "-P/--parallel: must be 1.." + MAX_STREAMS + ", not " + streams);
        require(!duration.isNegative(), "-t/--time: must not be negative");
        require(bytesLimit >= 0, "-n/--bytes: must not be negative");
        require(blocksLimit >= 0, "-k/--blockcount: must not be negative");
        require(!omit.isNegative(), "-O/--omit: must not be negative");
        // the server omits from its own clock, and iperf3's protocol tells it the omit in whole seconds
        require(omit.toNanos() % 1_000_000_000L == 0, "-O/--omit: whole seconds (the iperf3 protocol carries "
                + "the warm-up in seconds), not " + omit.toMillis() / 1000.0 + " s");
        require(!interval.isNegative(), "-i/--interval: must not be negative");
        require(interval.isZero() || interval.toMillis() >= 100, "-i/--interval: must be 0 or at least 0.1 s");
        if (udp) {
            int header = udpCounters64 ? 16 : 12;
            require(blockSize == 0 || (blockSize >= header && blockSize <= MAX_UDP_BLOCK),
                    "-l/--length: a UDP datagram must be " + header + ".." + MAX_UDP_BLOCK + " bytes, not " + blockSize);
        } else {
            require(blockSize >= 1 && blockSize <= MAX_BLOCK, "-l/--length: must be 1.." + MAX_BLOCK + " bytes, not " + blockSize);
        }
        require(clientPort >= 0 && clientPort < 65536, "--cport: must be 0..65535, not " + clientPort);
        require(ipVersion == 0 || ipVersion == 4 || ipVersion == 6, "-4/-6: unknown IP version " + ipVersion);
        Objects.requireNonNull(receiveTimeout, "receiveTimeout");
        Objects.requireNonNull(sendTimeout, "sendTimeout");
        require(!receiveTimeout.isNegative(), "--rcv-timeout: must not be negative");
        require(!sendTimeout.isNegative() && sendTimeout.toMillis() <= Integer.MAX_VALUE, "--snd-timeout: out of range");
        require(socketBufferBytes >= 0, "-w/--window: must not be negative");
        require(tos >= 0 && tos <= 255, "-S/--tos: must be 0..255, not " + tos);
        require(fqRateBps >= 0, "--fq-rate: must not be negative");
        require(extraData == null || extraData.length() <= MAX_EXTRA_DATA,
                "--extra-data: at most " + MAX_EXTRA_DATA + " characters");
        require(bindAddress == null || !bindAddress.isBlank(), "-B/--bind: must not be empty");
        RateFormat.require(rateFormat);
        require(mss >= 0, "-M/--set-mss: must not be negative");
        require(bitrateBps >= 0, "-b/--bitrate: must not be negative");
        require(threads >= 0 && threads <= 256, "--threads: must be 0..256, not " + threads);
        require(duration.compareTo(Duration.ofDays(1)) <= 0, "-t/--time: at most one day");
        require(bytesLimit > 0 || blocksLimit > 0 || !duration.isZero(), "-t/--time: must be positive unless -n or -k is given");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(controlTimeout, "controlTimeout");
    }

    /** Event-loop threads the data streams get: as asked, else one per core, never more than streams. */
    public int dataThreads(int cores) {
        int wanted = threads > 0 ? threads : cores;
        int streamCount = direction == Direction.BIDIR ? streams * 2 : streams;
        return Math.max(1, Math.min(wanted, streamCount));
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    public static Builder builder(String host) {
        return new Builder(host);
    }

    public Builder toBuilder() {
        Builder b = new Builder(host);
        b.port = port;
        b.streams = streams;
        b.duration = duration;
        b.bytesLimit = bytesLimit;
        b.blocksLimit = blocksLimit;
        b.omit = omit;
        b.interval = interval;
        b.blockSize = blockSize;
        b.socketBufferBytes = socketBufferBytes;
        b.noDelay = noDelay;
        b.mss = mss;
        b.congestion = congestion;
        b.bitrateBps = bitrateBps;
        b.direction = direction;
        b.transport = transport;
        b.threads = threads;
        b.connectTimeout = connectTimeout;
        b.controlTimeout = controlTimeout;
        b.title = title;
        b.udp = udp;
        b.udpCounters64 = udpCounters64;
        b.zeroCopy = zeroCopy;
        b.clientPort = clientPort;
        b.ipVersion = ipVersion;
        b.getServerOutput = getServerOutput;
        b.receiveTimeout = receiveTimeout;
        b.sendTimeout = sendTimeout;
        b.auth = auth;
        b.tos = tos;
        b.fqRateBps = fqRateBps;
        b.dontFragment = dontFragment;
        b.extraData = extraData;
        b.bindAddress = bindAddress;
        b.rateFormat = rateFormat;
        return b;
    }

    /** Mutable builder with iperf3's defaults. */
    public static final class Builder {
        private String host;
        private int port = DEFAULT_PORT;
        private int streams = 1;
        private Duration duration = Duration.ofSeconds(10);
        private long bytesLimit;
        private long blocksLimit;
        private Duration omit = Duration.ZERO;
        private Duration interval = Duration.ofSeconds(1);
        private int blockSize = -1; // unset: 128 KiB for TCP, iperf3's choice (0) for UDP
        private int socketBufferBytes;
        private boolean noDelay;
        private int mss;
        private String congestion;
        private long bitrateBps = -1; // unset: unlimited for TCP, 1 Mbit/s for UDP
        private Direction direction = Direction.FORWARD;
        private Transport transport = Transport.AUTO;
        private int threads;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration controlTimeout = Duration.ofSeconds(10);
        private String title;
        private boolean udp;
        private boolean udpCounters64;
        private boolean zeroCopy;
        private int clientPort;
        private int ipVersion;
        private boolean getServerOutput;
        private Duration receiveTimeout = Duration.ZERO;
        private Duration sendTimeout = Duration.ZERO;
        private ClientAuth auth;
        private int tos;
        private long fqRateBps;
        private boolean dontFragment;
        private String extraData;
        private String bindAddress;
        private char rateFormat = RateFormat.ADAPTIVE;

        private Builder(String host) {
            this.host = host;
        }

        public Builder host(String v) { host = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder streams(int v) { streams = v; return this; }
        public Builder duration(Duration v) { duration = v; return this; }
        public Builder bytesLimit(long v) { bytesLimit = v; return this; }
        public Builder blocksLimit(long v) { blocksLimit = v; return this; }
        public Builder omit(Duration v) { omit = v; return this; }
        public Builder interval(Duration v) { interval = v; return this; }
        public Builder blockSize(int v) { blockSize = v; return this; }
        public Builder socketBufferBytes(int v) { socketBufferBytes = v; return this; }
        public Builder noDelay(boolean v) { noDelay = v; return this; }
        public Builder mss(int v) { mss = v; return this; }
        public Builder congestion(String v) { congestion = v; return this; }
        public Builder bitrateBps(long v) { bitrateBps = v; return this; }
        public Builder direction(Direction v) { direction = v; return this; }
        public Builder transport(Transport v) { transport = v; return this; }
        public Builder threads(int v) { threads = v; return this; }
        public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
        public Builder controlTimeout(Duration v) { controlTimeout = v; return this; }
        public Builder title(String v) { title = v; return this; }
        public Builder udp(boolean v) { udp = v; return this; }
        public Builder udpCounters64(boolean v) { udpCounters64 = v; return this; }
        public Builder zeroCopy(boolean v) { zeroCopy = v; return this; }
        public Builder clientPort(int v) { clientPort = v; return this; }
        public Builder ipVersion(int v) { ipVersion = v; return this; }
        public Builder getServerOutput(boolean v) { getServerOutput = v; return this; }
        public Builder receiveTimeout(Duration v) { receiveTimeout = v; return this; }
        public Builder sendTimeout(Duration v) { sendTimeout = v; return this; }
        public Builder auth(ClientAuth v) { auth = v; return this; }
        public Builder tos(int v) { tos = v; return this; }
        public Builder fqRateBps(long v) { fqRateBps = v; return this; }
        public Builder dontFragment(boolean v) { dontFragment = v; return this; }
        public Builder extraData(String v) { extraData = v; return this; }
        public Builder bindAddress(String v) { bindAddress = v; return this; }
        public Builder rateFormat(char v) { rateFormat = v; return this; }

        public ClientConfig build() {
            int block = blockSize >= 0 ? blockSize : udp ? 0 : DEFAULT_TCP_BLOCK;
            long bitrate = bitrateBps >= 0 ? bitrateBps : udp ? DEFAULT_UDP_BITRATE : 0;
            return new ClientConfig(host, port, streams, duration, bytesLimit, blocksLimit, omit, interval, block,
                    socketBufferBytes, noDelay, mss, congestion, bitrate, direction, transport, threads,
                    connectTimeout, controlTimeout, title, udp, udpCounters64, zeroCopy, clientPort, ipVersion,
                    getServerOutput, receiveTimeout, sendTimeout, auth, tos, fqRateBps, dontFragment, extraData, bindAddress,
                    rateFormat);
        }
    }
}
