package io.jloadgen.matrix;

import io.jloadgen.config.ClientConfig;
import io.jloadgen.util.Units;

import java.util.List;

/**
 * A variant's {@code client_args}: the iperf3 client options that make sense per variant, applied on top of
 * the test's own settings. Host, port, streams, duration, omit and direction belong to the matrix and are
 * refused here, so a variant cannot silently change what a cell means.
 */
public final class ClientArgs {
    private ClientArgs() {
    }

    /** Applies {@code args} to {@code builder}; errors name {@code key}, e.g. {@code variants.big.client_args}. */
    public static ClientConfig.Builder apply(List<String> args, ClientConfig.Builder builder, String key) {
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            try {
                switch (option) {
                    case "-w", "--window" -> builder.socketBufferBytes(Math.toIntExact(Units.parseBytes(value(args, ++i, option))));
                    case "-l", "--length" -> builder.blockSize(Math.toIntExact(Units.parseBytes(value(args, ++i, option))));
                    case "-M", "--set-mss" -> builder.mss(Integer.parseInt(value(args, ++i, option)));
                    case "-C", "--congestion" -> builder.congestion(value(args, ++i, option));
                    case "-b", "--bitrate" -> builder.bitrateBps(Units.parseBitsPerSecond(value(args, ++i, option)));
                    case "-N", "--no-delay" -> builder.noDelay(true);
                    case "--fq-rate" -> builder.fqRateBps(Units.parseBitsPerSecond(value(args, ++i, option)));
                    case "--threads" -> builder.threads(Integer.parseInt(value(args, ++i, option)));
                    default -> throw new SpecException(key, "unsupported option '" + option
                            + "' (supported: -w, -l, -M, -C, -b, -N, --fq-rate, --threads; the matrix sets host, port, streams, time, omit and direction)");
                }
            } catch (ArithmeticException | IllegalArgumentException e) {
                if (e instanceof SpecException se) {
                    throw se;
                }
                throw new SpecException(key, option + ": " + e.getMessage());
            }
        }
        return builder;
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException("needs a value");
        }
        return args.get(i);
    }
}
