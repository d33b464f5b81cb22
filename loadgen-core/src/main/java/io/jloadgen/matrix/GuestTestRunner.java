package io.jloadgen.matrix;

import io.jloadgen.api.TestResult;
import io.jloadgen.config.ClientConfig;
import io.jloadgen.host.HostCpuSampler;
import io.jloadgen.host.HostCpuWindow;
import io.jloadgen.host.ProcessCpu;
import io.jloadgen.host.ThreadCpuSampler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one test of the matrix: a client per guest, all started together, same duration and omit, host-side
 * clients sending (host-to-guest) or receiving in reverse mode (guest-to-host); host CPU sampled over the
 * measured window meanwhile, and the CPU of the {@code [host] threads} patterns. With {@code latency_probe}, every
 * client runs a latency probe beside its streams.
 */
public final class GuestTestRunner {
    /** Beyond omit + duration: connect, parameter exchange, stream set-up and result exchange. */
    static final Duration END_SLACK = Duration.ofSeconds(30);

    private final MatrixSpec spec;
    private final VariantSpec variant;
    private final TestLauncher launcher;

    public GuestTestRunner(MatrixSpec spec, VariantSpec variant, TestLauncher launcher) {
        this.spec = spec;
        this.variant = variant;
        this.launcher = launcher;
    }

    /** The client settings for {@code guest} in test {@code key}. */
    public ClientConfig clientConfig(GuestSpec guest, TestKey key) {
        ClientConfig.Builder b = ClientConfig.builder(guest.address())
                .port(spec.port())
                .streams(key.streams())
                .duration(spec.duration())
                .omit(spec.omit())
                .interval(spec.interval())
                .direction(key.direction().clientDirection())
                .transport(variant.transport())
                .title(guest.name());
        return ClientArgs.apply(variant.clientArgs(), b, "variants." + variant.name() + ".client_args").build();
    }

    /**
     * Runs the test.
     *
     * @throws TestFailedException when a guest's test failed or did not end in time
     * @throws InterruptedException when the campaign is being stopped; the test is abandoned
     */
    public TestMeasurement run(TestKey key, List<GuestSpec> guests) throws TestFailedException, InterruptedException {
        List<ClientConfig> configs = new ArrayList<>();
        for (GuestSpec g : guests) {
            configs.add(clientConfig(g, key));
        }
        Instant startedAt = Instant.now();
        ProcessCpu.Reading cpu0 = ProcessCpu.read();
        long t0 = System.nanoTime();
        HostCpuSampler sampler = new HostCpuSampler();
        sampler.start(spec.interval().toNanos());
        ThreadCpuSampler threads = spec.hostThreads().isEmpty() ? null : new ThreadCpuSampler(spec.hostThreads());
        if (threads != null) {
            threads.start(spec.interval().toNanos());
        }
        HostCpuWindow window;
        Map<String, Double> threadPct = null;
        List<TestResult> results = new ArrayList<>();
        try {
            List<CompletableFuture<TestResult>> futures = new ArrayList<>();
            for (ClientConfig c : configs) {
                futures.add(launcher.start(c, spec.latencyProbeConfig()));
            }
            long deadlineNs = t0 + spec.omit().plus(spec.duration()).plus(END_SLACK).toNanos();
            for (int i = 0; i < futures.size(); i++) {
                long leftNs = Math.max(0, deadlineNs - System.nanoTime());
                try {
                    results.add(futures.get(i).get(leftNs, TimeUnit.NANOSECONDS));
                } catch (TimeoutException e) {
                    throw new TestFailedException("guest " + guests.get(i).name() + ": test did not end within "
                            + PlanPrinter.format(spec.omit().plus(spec.duration()).plus(END_SLACK)));
                } catch (ExecutionException e) {
                    throw new TestFailedException("guest " + guests.get(i).name() + ": " + e.getCause());
                }
            }
        } finally {
            window = sampler.stop(spec.duration().toNanos());
            if (threads != null) {
                threadPct = threads.stop(spec.duration().toNanos());
            }
        }
        ProcessCpu.Reading cpu1 = ProcessCpu.read();
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            if (!results.get(i).ok()) {
                errors.add("guest " + guests.get(i).name() + ": " + results.get(i).error());
            }
        }
        if (!errors.isEmpty()) {
            throw new TestFailedException(String.join("; ", errors));
        }
        double generatorPct = ProcessCpu.between(cpu0, cpu1).totalPct();
        return new TestMeasurement(startedAt, List.copyOf(results), window, GuestAggregate.round(generatorPct),
                threadPct);
    }
}
