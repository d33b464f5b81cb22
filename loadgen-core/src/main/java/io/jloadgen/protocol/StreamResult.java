package io.jloadgen.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One stream's totals in the results exchange. Times are seconds since the peer's test start. */
public record StreamResult(int id, long bytes, long retransmits, double jitterS, long errors, long packets,
                           double startTime, double endTime) {

    /**
     * The id iperf3 gives the k-th stream (0-based) of a test: 1, then 3, 4, 5 ... (iperf_add_stream keeps
     * this numbering for compatibility between versions), so results match streams across implementations.
     */
    public static int idOf(int index) {
        return index == 0 ? 1 : index + 2;
    }

    static StreamResult fromJson(JsonNode j) throws ProtocolException {
        if (!j.isObject()) {
            throw new ProtocolException("a stream result must be an object");
        }
        return new StreamResult(
                JsonFields.intIn(j, "id", 0, 0, Integer.MAX_VALUE),
                JsonFields.longIn(j, "bytes", 0, 0, Long.MAX_VALUE),
                retransmits(j),
                JsonFields.doubleIn(j, "jitter", 0, 0, 1e9),
                JsonFields.longIn(j, "errors", 0, 0, Long.MAX_VALUE),
                JsonFields.longIn(j, "packets", 0, 0, Long.MAX_VALUE),
                JsonFields.doubleIn(j, "start_time", 0, 0, 1e9),
                JsonFields.doubleIn(j, "end_time", 0, 0, 1e9));
    }

    /** iperf3 sends -1 (unknown) as a signed or as an unsigned 64-bit integer. */
    private static long retransmits(JsonNode j) throws ProtocolException {
        JsonNode v = j.get("retransmits");
        if (v == null) {
            return -1;
        }
        if (!v.isIntegralNumber()) {
            throw new ProtocolException("field 'retransmits' must be an integer");
        }
        return v.canConvertToLong() && v.longValue() >= 0 ? v.longValue() : -1;
    }

    ObjectNode toJson() {
        ObjectNode j = JsonCodec.newObject();
        j.put("id", id);
        j.put("bytes", bytes);
        j.put("retransmits", retransmits);
        j.put("jitter", jitterS);
        j.put("errors", errors);
        j.put("omitted_errors", 0);
        j.put("packets", packets);
        j.put("omitted_packets", 0);
        j.put("start_time", startTime);
        j.put("end_time", endTime);
        return j;
    }
}
