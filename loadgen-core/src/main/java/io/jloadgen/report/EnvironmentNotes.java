package io.jloadgen.report;

import io.jloadgen.matrix.ResultRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Says when one variant's records were measured under several kernels ({@code env.kernel}) or boots
 * ({@code env.boot_id}): several kernels under one label usually mean a mislabelled run; several boots are
 * expected when a campaign reboots between blocks, and worth knowing when it did not. Records without the
 * field are not counted.
 */
final class EnvironmentNotes {

    private EnvironmentNotes() {
    }

    /** One sentence per variant (in {@code variants} order) whose records span several kernels or boots. */
    static List<String> of(List<ResultRecord> records, List<String> variants) {
        List<String> notes = new ArrayList<>();
        for (String variant : variants) {
            Map<String, Integer> kernels = new LinkedHashMap<>();
            Map<String, Integer> boots = new LinkedHashMap<>();
            for (ResultRecord r : records) {
                if (r.variant().equals(variant) && r.env() != null) {
                    count(kernels, r.env().get("kernel"));
                    count(boots, r.env().get("boot_id"));
                }
            }
            List<String> spans = new ArrayList<>();
            if (kernels.size() > 1) {
                spans.add(kernels.size() + " kernels (" + listing(kernels) + ")");
            }
            if (boots.size() > 1) {
                spans.add(boots.size() + " boots (" + listing(boots) + ")");
            }
            if (!spans.isEmpty()) {
                notes.add(variant + "'s records span " + String.join(" and ", spans)
                        + (kernels.size() > 1 ? "; check that every kernel is really " + variant : "") + ".");
            }
        }
        return List.copyOf(notes);
    }

    private static void count(Map<String, Integer> counts, Object value) {
        if (value != null && !value.toString().isBlank()) {
            counts.merge(value.toString(), 1, Integer::sum);
        }
    }

    /** "6.1.0-napi: 24 records, 6.1.0: 8 records", in order of first appearance. */
    private static String listing(Map<String, Integer> counts) {
        List<String> parts = new ArrayList<>();
        counts.forEach((value, n) -> parts.add(value + ": " + n + (n == 1 ? " record" : " records")));
        return String.join(", ", parts);
    }
}
