package io.jloadgen.cli;

import io.jloadgen.config.Transport;
import io.jloadgen.util.Units;
import picocli.CommandLine.ITypeConverter;

import java.time.Duration;

/** picocli converters that delegate to {@link Units}, so the CLI and spec files read values alike. */
final class UnitConverters {
    private UnitConverters() {
    }

    /** Byte sizes: 128K, 1M (binary). */
    static final class Bytes implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return Units.parseBytes(value);
        }
    }

    /** Rates in bit/s: 10M, 1G (SI). */
    static final class BitRate implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return Units.parseBitsPerSecond(value);
        }
    }

    /** Durations: a plain number is seconds; ms, s, m, h suffixes. */
    static final class Seconds implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return Units.parseDuration(value);
        }
    }

    static final class TransportKind implements ITypeConverter<Transport> {
        @Override
        public Transport convert(String value) {
            return Transport.parse(value);
        }
    }
}
