package io.jloadgen.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a record's {@code host_cpu_detail} (per CPU: user, system, softirq, irq, steal, idle in %) and sums
 * each mode over CPUs, giving % of one CPU like {@code host_cpu_pct}. Accepted shapes: an object keyed by CPU
 * name ({@code {"cpu0": {...}, "cpu1": {...}}}) or an array of per-CPU objects. A key {@code all},
 * {@code total} or {@code cpu} is taken to be /proc/stat's aggregate line and skipped, so nothing is counted
 * twice.
 */
final class CpuDetail {

    /** The busy modes, in stacking order (idle is left out: it is not where the work went). */
    static final List<String> MODES = List.of("user", "system", "softirq", "irq", "steal");

    private static final List<String> AGGREGATE_KEYS = List.of("all", "total", "cpu");

    private CpuDetail() {
    }

    /** Mode to % of one CPU summed over CPUs; empty when the record has no usable detail. */
    static Map<String, Double> summedModes(JsonNode detail) {
        Map<String, Double> sums = new LinkedHashMap<>();
        if (detail == null || detail.isNull()) {
            return sums;
        }
        if (detail.isArray()) {
            detail.forEach(cpu -> add(sums, cpu));
        } else if (detail.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = detail.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> e = fields.next();
                if (!AGGREGATE_KEYS.contains(e.getKey()) && e.getValue().isObject()) {
                    add(sums, e.getValue());
                }
            }
        }
        return sums;
    }

    private static void add(Map<String, Double> sums, JsonNode cpu) {
        for (String mode : MODES) {
            JsonNode v = cpu.get(mode);
            if (v != null && v.isNumber()) {
                sums.merge(mode, v.asDouble(), Double::sum);
            }
        }
    }
}
