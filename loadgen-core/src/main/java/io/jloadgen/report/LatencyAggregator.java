package io.jloadgen.report;

import io.jloadgen.matrix.ResultRecord;
import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.DataFormatException;

/**
 * Merges the {@code guest_latency_hdr} histograms of each cell's usable repeats into one histogram per cell.
 * A histogram that does not decode is skipped with a warning; the rest of the cell still counts.
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
            int n = 0;
            for (ResultRecord r : cell.usable()) {
                if (r.guestLatencyHdr() == null || r.guestLatencyHdr().isEmpty()) {
                    continue;
                }
                boolean any = false;
                for (int g = 0; g < r.guestLatencyHdr().size(); g++) {
                    Histogram h = decode(r.guestLatencyHdr().get(g));
                    if (h == null) {
                        warnings.add(cell.key() + " repeat " + r.repeat() + " guest " + (g + 1)
                                + ": latency histogram skipped, not a compressed base64 HdrHistogram");
                        continue;
                    }
                    if (merged == null) {
                        // auto-resizing, so guests recorded with different ranges merge without loss
                        merged = new Histogram(h.getNumberOfSignificantValueDigits());
                    }
                    merged.add(h);
                    any = true;
                }
                if (any) {
                    n++;
                }
            }
            if (merged != null && merged.getTotalCount() > 0) {
                out.put(cell.key(), new LatencySummary(cell.key(), n, merged.getTotalCount(),
                        merged.getValueAtPercentile(50), merged.getValueAtPercentile(90),
                        merged.getValueAtPercentile(99), merged.getValueAtPercentile(99.9),
                        merged.getMaxValue()));
            }
        }
        return out;
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
