package io.jloadgen.matrix;

import io.jloadgen.api.SelfTest;
import io.jloadgen.api.SelfTestResult;
import io.jloadgen.config.Transport;

/** Measures the generator's own ceiling before a campaign: {@link SelfTest} in production, a fixed figure in tests. */
@FunctionalInterface
public interface GeneratorCeiling {

    /**
     * What was measured.
     *
     * @param throughputGbps loopback throughput jloadgen reached, 10^9 bit/s
     * @param json           the full selftest result, kept as the campaign's metadata
     */
    record Measured(double throughputGbps, String json) {
    }

    Measured measure(Transport transport);

    /** The selftest with its defaults, on the variant's transport. */
    GeneratorCeiling SELFTEST = transport -> {
        SelfTest.Options d = SelfTest.Options.defaults();
        SelfTestResult r = SelfTest.run(new SelfTest.Options(d.duration(), d.warmup(), d.streams(), transport,
                d.threads(), d.blockSize()));
        return new Measured(r.throughputGbps(), r.toJson());
    };
}
