package io.jloadgen.report;

import io.jloadgen.matrix.ResultRecord;
import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.DataFormatException;

/**
 * Merges the {@code guest_latency_hdr} histograms of each cell's usable repeats into one histogram per cell,
 * and each repeat's guests into one histogram per repeat (for the run-to-run spread of the p99). Histograms
 * hold nanoseconds, as the matrix records them; every figure out of here is in microseconds. A histogram that
 * does not decode is skipped with a warning; the rest of the cell still counts.
 */
public final class LatencyAggregator {

    private LatencyAggregator() {
    }

    /**
     * Latency per cell, for the cells whose usable repeats carry histograms; others are absent.
     *
     * @param warnings receives one line per undecodable histogram
     */
    public static SortedMap<CellKey, LatencySummary> aggregate(Map<CellKey, CellSummary> cells,
                                                               List<String> warnings) {
        SortedMap<CellKey, LatencySummary> out = new TreeMap<>();
        for (CellSummary cell : cells.values()) {
            Histogram merged = null;
            List<Double> repeatP99Us = new ArrayList<>();
            for (ResultRecord r : cell.usable()) {
                Histogram repeat = mergeGuests(cell.key(), r, warnings);
                if (repeat == null) {
                    continue;
                }
                repeatP99Us.add(us(repeat.getValueAtPercentile(99)));
                if (merged == null) {
                    merged = new Histogram(repeat.getNumberOfSignificantValueDigits()); // auto-resizing
                }
                merged.add(repeat);
            }
            if (merged != null) {
                out.put(cell.key(), new LatencySummary(cell.key(), repeatP99Us.size(), merged.getTotalCount(),
                        us(merged.getValueAtPercentile(50)), us(merged.getValueAtPercentile(90)),
                        us(merged.getValueAtPercentile(99)), us(merged.getValueAtPercentile(99.9)),
                        us(merged.getMaxValue()), repeatP99Us));
            }
        }
        return out;
    }

    /** One repeat's guests in one histogram; null when it carries none with any round trip. */
    private static Histogram mergeGuests(CellKey key, ResultRecord r, List<String> warnings) {
        if (r.guestLatencyHdr() == null) {
            return null;
        }
        Histogram repeat = null;
        for (int g = 0; g < r.guestLatencyHdr().size(); g++) {
            Histogram h = decode(r.guestLatencyHdr().get(g));
            if (h == null) {
                warnings.add(key + " repeat " + r.repeat() + " guest " + (g + 1)
                        + ": latency histogram skipped, not a compressed base64 HdrHistogram");
                continue;
            }
            if (repeat == null) {
                // auto-resizing, so guests recorded with different ranges merge without loss
                repeat = new Histogram(h.getNumberOfSignificantValueDigits());
            }
            repeat.add(h);
        }
        return repeat == null || repeat.getTotalCount() == 0 ? null : repeat;
    }

    /** Histograms hold nanoseconds (the probe's {@code LatencyRecorder}); the report speaks microseconds. */
    private static double us(long ns) {
        return ns / 1e3;
    }

    /** The histogram, or null when {@code base64} is not one. */
    static Histogram decode(String base64) {
        try {
            byte[] bytes = Base64.getDecoder().decode(base64);
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
        } catch (DataFormatException | RuntimeException e) {
            return null;
        }
    }
}
