package io.jloadgen.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jloadgen.matrix.ResultRecord;
import io.jloadgen.stats.JainFairness;
import io.jloadgen.stats.LatencySummary;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One result record as the matrix writes it, with real-looking values and every field a test may vary:
 * block, kernel and boot id, latency histograms (nanoseconds, compressed base64 by the same code the probe
 * uses), watched-thread CPU. Aggregate throughput is split over guests with a slight skew, like real guests.
 */
final class RecordFixture {

    private final String variant;
    private final String direction;
    private final int guests;
    private final int streams;
    private final int repeat;
    private Integer block;
    private double throughputGbps = 9.0;
    private String kernel = "6.1.0-28-amd64";
    private String bootId = "5f1c2e9a-3b47-4d7e-9a0c-1e2f3a4b5c6d";
    private List<String> latencyHdr;
    private Map<String, Double> threads;

    RecordFixture(String variant, String direction, int guests, int streams, int repeat) {
        this.variant = variant;
        this.direction = direction;
        this.guests = guests;
        this.streams = streams;
        this.repeat = repeat;
    }

    RecordFixture block(int b) {
        this.block = b;
        return this;
    }

    RecordFixture gbps(double aggregate) {
        this.throughputGbps = aggregate;
        return this;
    }

    RecordFixture kernel(String k) {
        this.kernel = k;
        return this;
    }

    RecordFixture boot(String id) {
        this.bootId = id;
        return this;
    }

    /** Every guest: 98% of round trips at {@code bodyUs}, 2% at {@code tailUs}, so the p99 is the tail. */
    RecordFixture latency(long bodyUs, long tailUs) {
        latencyHdr = new ArrayList<>();
        for (int g = 0; g < guests; g++) {
            Histogram h = new Histogram(3_600_000_000_000L, 3);
            h.recordValueWithCount(bodyUs * 1000, 980);
            h.recordValueWithCount(tailUs * 1000, 20);
            latencyHdr.add(LatencySummary.compressedBase64(h));
        }
        return this;
    }

    RecordFixture threads(Map<String, Double> pctByPattern) {
        this.threads = new LinkedHashMap<>(pctByPattern);
        return this;
    }

    ResultRecord build() {
        List<Double> perGuest = new ArrayList<>();
        double weights = 0;
        for (int g = 0; g < guests; g++) {
            weights += 1 + 0.01 * g;
        }
        for (int g = 0; g < guests; g++) {
            perGuest.add(throughputGbps * (1 + 0.01 * g) / weights);
        }
        double cpu = 55 + 38.5 * guests;
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("host", "dom0-bench");
        env.put("kernel", kernel);
        env.put("cpu_model", "Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz");
        env.put("cpus", 8);
        env.put("boot_id", bootId);
        env.put("jloadgen_version", "0.1.0");
        env.put("transport", "epoll");
        return new ResultRecord(ResultRecord.SCHEMA, "abba", variant, direction, guests, streams, repeat, block,
                ResultRecord.STATUS_OK, null, "2026-11-27T09:" + String.format("%02d", repeat % 60) + ":00Z", 30.0,
                2.0, throughputGbps, perGuest, cpu, 31.2, 14L, JainFairness.index(perGuest), env, 1.0, null, null,
                cpuDetail(cpu), List.of(), null, latencyHdr, threads);
    }

    /** Two CPUs; modes summing to {@code busyPct} over both. */
    private static JsonNode cpuDetail(double busyPct) {
        ObjectNode detail = SyntheticCampaign.JSON.createObjectNode();
        for (int c = 0; c < 2; c++) {
            ObjectNode modes = detail.putObject("cpu" + c);
            double busy = busyPct / 2;
            modes.put("user", busy * 0.15);
            modes.put("system", busy * 0.35);
            modes.put("softirq", busy * 0.4);
            modes.put("irq", busy * 0.06);
            modes.put("steal", busy * 0.04);
            modes.put("idle", 100 - busy);
        }
        return detail;
    }
}
