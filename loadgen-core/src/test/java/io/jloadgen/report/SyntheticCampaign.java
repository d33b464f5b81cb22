package io.jloadgen.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jloadgen.matrix.ResultRecord;
import io.jloadgen.stats.JainFairness;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Builds a campaign's records in memory, for tests and the example results. Aggregate throughput of
 * repeat r is {@code model(variant, direction, guests, streams) * factor(variant, r)} with fixed per-repeat
 * factors, so which Welch tests come out significant is decided by the model alone and does not depend on
 * random luck (a random 1% noise would still give false positives in 5% of the equal cells). The seeded
 * Random only shapes what no verdict depends on: per-interval wiggle, CPU, latency.
 */
final class SyntheticCampaign {

    /** Mean aggregate throughput of a cell, 10^9 bit/s. */
    interface Model {
        double gbps(String variant, String direction, int guests, int streams);
    }

    static final ObjectMapper JSON = new ObjectMapper();
    private static final double[] BASE_FACTORS = {0.99, 1.00, 1.01, 0.995};
    private static final double[] OTHER_FACTORS = {1.004, 0.992, 1.006, 1.001};

    private final Random random;
    private final Model model;
    private int intervals = 10;
    private boolean latency;
    private String experiment = "synthetic";

    SyntheticCampaign(long seed, Model model) {
        this.random = new Random(seed);
        this.model = model;
    }

    SyntheticCampaign withLatency() {
        this.latency = true;
        return this;
    }

    SyntheticCampaign withExperiment(String name) {
        this.experiment = name;
        return this;
    }

    SyntheticCampaign withIntervals(int n) {
        this.intervals = n;
        return this;
    }

    /** Every cell of the grid, {@code repeats} each. */
    List<ResultRecord> records(String variant, List<String> directions, int maxGuests, int maxStreams,
                               int repeats) {
        List<ResultRecord> out = new ArrayList<>();
        int repeat = 0;
        for (String direction : directions) {
            for (int streams = 1; streams <= maxStreams; streams++) {
                for (int guests = 1; guests <= maxGuests; guests++) {
                    for (int r = 0; r < repeats; r++) {
                        out.add(record(variant, direction, guests, streams, r, ++repeat, List.of()));
                    }
                }
            }
        }
        return out;
    }

    /** One ok record; {@code r} is the 0-based repeat within its cell. */
    ResultRecord record(String variant, String direction, int guests, int streams, int r, int repeatNo,
                        List<String> flags) {
        double[] factors = variant.equals("base") ? BASE_FACTORS : OTHER_FACTORS;
        double total = model.gbps(variant, direction, guests, streams) * factors[r % factors.length];
        List<Double> perGuest = new ArrayList<>();
        double skewSum = 0;
        for (int g = 0; g < guests; g++) {
            skewSum += 1 + (g - (guests - 1) / 2.0) * 0.02;
        }
        List<List<Double>> guestIntervals = new ArrayList<>();
        for (int g = 0; g < guests; g++) {
            double share = total * (1 + (g - (guests - 1) / 2.0) * 0.02) / skewSum;
            perGuest.add(share);
            List<Double> series = new ArrayList<>();
            for (int i = 0; i < intervals; i++) {
                series.add(share * (1 + (random.nextDouble() - 0.5) * 0.04));
            }
            guestIntervals.add(series);
        }
        double cpu = 40 + 35 * guests + 5 * streams + random.nextDouble() * 4;
        List<Double> cpuIntervals = new ArrayList<>();
        for (int i = 0; i < intervals; i++) {
            cpuIntervals.add(cpu * (1 + (random.nextDouble() - 0.5) * 0.05));
        }
        List<String> hdr = null;
        if (latency) {
            hdr = new ArrayList<>();
            for (int g = 0; g < guests; g++) {
                hdr.add(latencyHistogram(100 + 20 * guests));
            }
        }
        return new ResultRecord(ResultRecord.SCHEMA, experiment, variant, direction, guests, streams, repeatNo,
                null, ResultRecord.STATUS_OK, null, "2026-11-27T09:00:00Z", intervals, 2, total,
                perGuest, cpu, 30.0, 0L, JainFairness.index(perGuest),
                new TreeMap<>(Map.of("hostname", "synthetic", "transport", "nio")), 1.0, guestIntervals, cpuIntervals,
                cpuDetail(cpu), flags, null, hdr, null);
    }

    /** A failed record of a cell: no measurement, only the reason. */
    static ResultRecord failed(String variant, String direction, int guests, int streams, int repeatNo) {
        return new ResultRecord(ResultRecord.SCHEMA, "synthetic", variant, direction, guests, streams, repeatNo,
                null, ResultRecord.STATUS_FAILED, "guest split-2 did not answer", "2026-11-27T09:00:00Z",
                0, 0, 0, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** Per CPU modes in %, two CPUs, summing (over CPUs, without idle) to {@code busyPct}. */
    private static JsonNode cpuDetail(double busyPct) {
        ObjectNode detail = JSON.createObjectNode();
        for (int cpu = 0; cpu < 2; cpu++) {
            double busy = busyPct / 2;
            ObjectNode modes = detail.putObject("cpu" + cpu);
            modes.put("user", busy * 0.2);
            modes.put("system", busy * 0.3);
            modes.put("softirq", busy * 0.4);
            modes.put("irq", busy * 0.05);
            modes.put("steal", busy * 0.05);
            modes.put("idle", 100 - busy);
        }
        return detail;
    }

    /** Round trips in nanoseconds, as the probe records them. */
    private String latencyHistogram(double medianUs) {
        Histogram h = new Histogram(3_600_000_000_000L, 3);
        for (int i = 0; i < 1000; i++) {
            h.recordValue(Math.round(medianUs * 1e3 * Math.exp(random.nextGaussian() * 0.3)));
        }
        ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int len = h.encodeIntoCompressedByteBuffer(buf);
        byte[] bytes = new byte[len];
        buf.flip();
        buf.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Writes {@code records} as JSON lines to {@code file}, creating its directory. */
    static void write(Path file, List<ResultRecord> records) throws IOException {
        Files.createDirectories(file.getParent());
        StringBuilder sb = new StringBuilder();
        for (ResultRecord r : records) {
            sb.append(JSON.writeValueAsString(r)).append('\n');
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }
}
