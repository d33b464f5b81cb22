package io.jloadgen.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jloadgen.api.TestResult;
import io.jloadgen.host.HostCpuWindow;
import io.jloadgen.host.HostInfo;
import io.jloadgen.util.Version;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a test's outcome into its {@link ResultRecord}: the numbers, the environment it ran in, and flags.
 * A test that needed retries carries the flag {@code retried:<n>} (n extra attempts), so a reader can tell a
 * clean cell from one that recovered. With a generator ceiling (the selftest's loopback throughput), a test
 * whose aggregate comes within {@value #GENERATOR_BOUND_SHARE} of it is flagged {@code generator-bound}: it may
 * have measured jloadgen rather than the system. With the latency probe, each guest's round trips (from its
 * client's {@code end.latency_probe}) become {@code guest_latency_us} and {@code guest_latency_hdr}; a guest whose
 * probe stopped early carries the flag {@code probe-error:<guest>}. With {@code [host] threads}, the patterns'
 * CPU becomes {@code host_threads_pct}.
 */
public final class RecordAssembler {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Within 20% of the ceiling counts as bound by the generator (issue 5). */
    static final double GENERATOR_BOUND_SHARE = 0.8;

    private final MatrixSpec spec;
    private final Map<String, Object> env;
    private final double generatorCeilingGbps;

    public RecordAssembler(MatrixSpec spec, Map<String, Object> env) {
        this(spec, env, 0);
    }

    private RecordAssembler(MatrixSpec spec, Map<String, Object> env, double generatorCeilingGbps) {
        this.spec = spec;
        this.env = Map.copyOf(env);
        this.generatorCeilingGbps = generatorCeilingGbps;
    }

    /** The same, flagging tests near {@code ceilingGbps} and recording it in {@code env.generator_ceiling_gbps}. */
    public RecordAssembler withGeneratorCeiling(double ceilingGbps) {
        Map<String, Object> e = new LinkedHashMap<>(env);
        e.put("generator_ceiling_gbps", GuestAggregate.round(ceilingGbps));
        return new RecordAssembler(spec, e, ceilingGbps);
    }

    /**
     * The {@code env} object: host, kernel, CPU model, version, spec hash, transport, boot id, the latency probe's
     * period when it runs, order and seed.
     */
    public static Map<String, Object> environment(MatrixSpec spec, VariantSpec variant, String specSha256, HostInfo host) {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("host", host.hostName());
        env.put("kernel", host.kernel());
        env.put("cpu_model", host.cpuModel());
        env.put("cpus", host.cpus());
        env.put("boot_id", host.bootId());
        env.put("jloadgen_version", Version.get());
        env.put("spec_sha256", specSha256);
        env.put("transport", variant.transport().label());
        if (!variant.clientArgs().isEmpty()) {
            env.put("client_args", variant.clientArgs());
        }
        if (spec.latencyProbe()) {
            // --latency-probe leaves the spec's hash alone: the record says the probe ran, and how often
            env.put("probe_period_ms", spec.probePeriod().toNanos() / 1e6);
        }
        env.put("order", spec.order() == MatrixSpec.Order.SHUFFLED ? "shuffled" : "in-order");
        if (spec.order() == MatrixSpec.Order.SHUFFLED) {
            env.put("seed", spec.seed());
        }
        return env;
    }

    public ResultRecord ok(TestKey key, TestMeasurement m, List<GuestSpec> guests, int attempts) {
        GuestAggregate a = GuestAggregate.of(guests.stream().map(GuestSpec::name).toList(), m.results(), key.direction());
        List<String> flags = new ArrayList<>(a.flags());
        if (generatorCeilingGbps > 0 && a.throughputGbps() >= GENERATOR_BOUND_SHARE * generatorCeilingGbps) {
            flags.add("generator-bound");
        }
        retried(flags, attempts);
        List<Map<String, Object>> latency = null;
        List<String> hdr = null;
        if (spec.latencyProbe()) {
            latency = new ArrayList<>();
            hdr = new ArrayList<>();
            for (int i = 0; i < m.results().size(); i++) {
                JsonNode probe = probeOf(m.results().get(i));
                latency.add(latencyFigures(probe));
                hdr.add(probe.path("hdr_histogram").asText(""));
                if (probe.isMissingNode() || probe.has("error")) {
                    flags.add("probe-error:" + guests.get(i).name());
                }
            }
        }
        HostCpuWindow cpu = m.hostCpu();
        double durationS = m.results().stream().mapToDouble(r -> r.durationS()).max().orElse(0);
        return new ResultRecord(ResultRecord.SCHEMA, spec.name(), key.variant(), key.direction().label(), key.guests(),
                key.streams(), key.repeat(), key.blockOrNull(), ResultRecord.STATUS_OK, null, timestamp(m.startedAt()),
                GuestAggregate.round(durationS), seconds(spec.omit()), a.throughputGbps(), a.guestGbps(),
                cpu == null ? null : GuestAggregate.round(cpu.busyPct()), m.generatorCpuPct(), a.retransmits(),
                a.fairness(), env, seconds(spec.interval()), a.guestIntervalsGbps(),
                cpu == null ? null : cpu.intervalBusyPct().stream().map(GuestAggregate::round).toList(),
                cpu == null ? null : JSON.valueToTree(cpu.perCpuPct()), List.copyOf(flags), latency, hdr,
                m.hostThreadsPct());
    }

    /** The client's {@code end.latency_probe}, a missing node when the document has none. */
    private static JsonNode probeOf(TestResult result) {
        if (result.json() == null) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        try {
            return JSON.readTree(result.json()).path("end").path("latency_probe");
        } catch (java.io.IOException e) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
    }

    /** {@code {"count", "mean", "p50", "p90", "p99", "p99_9", "max"}} in microseconds (count 0 without a probe). */
    private static Map<String, Object> latencyFigures(JsonNode probe) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("count", probe.path("count").asLong(0));
        JsonNode rtt = probe.path("rtt_us");
        for (String k : List.of("mean", "p50", "p90", "p99", "p99_9", "max")) {
            f.put(k, Math.round(rtt.path(k).asDouble(0) * 1000) / 1000.0);
        }
        return f;
    }

    public ResultRecord failed(TestKey key, Instant startedAt, String reason, int attempts) {
        List<String> flags = new ArrayList<>();
        retried(flags, attempts);
        return new ResultRecord(ResultRecord.SCHEMA, spec.name(), key.variant(), key.direction().label(), key.guests(),
                key.streams(), key.repeat(), key.blockOrNull(), ResultRecord.STATUS_FAILED, reason, timestamp(startedAt),
                seconds(spec.duration()), seconds(spec.omit()), 0, List.of(), null, null, null, null, env,
                seconds(spec.interval()), List.of(), List.of(), null, List.copyOf(flags), null, null, null);
    }

    private static void retried(List<String> flags, int attempts) {
        if (attempts > 1) {
            flags.add("retried:" + (attempts - 1));
        }
    }

    private static String timestamp(Instant t) {
        return t.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static double seconds(java.time.Duration d) {
        return d.toNanos() / 1e9;
    }
}
