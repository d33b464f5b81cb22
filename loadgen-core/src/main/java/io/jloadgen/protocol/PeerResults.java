package io.jloadgen.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * What each side sends in EXCHANGE_RESULTS: its process CPU (% of one CPU, as iperf3 computes it), whether
 * its sender knows retransmits, and per-stream totals. The server may add its own output when the client
 * asked for it.
 */
public record PeerResults(double cpuTotal, double cpuUser, double cpuSystem, int senderHasRetransmits,
                          String congestionUsed, List<StreamResult> streams, String serverOutputText,
                          JsonNode serverOutputJson) {

    public static PeerResults fromJson(JsonNode j) throws ProtocolException {
        JsonNode streamsNode = j.get("streams");
        List<StreamResult> streams = new ArrayList<>();
        if (streamsNode != null) {
            if (!streamsNode.isArray() || streamsNode.size() > 2 * TestParameters.MAX_PARALLEL) {
                throw new ProtocolException("'streams' must be an array of at most " + 2 * TestParameters.MAX_PARALLEL);
            }
            for (JsonNode s : streamsNode) {
                streams.add(StreamResult.fromJson(s));
            }
        }
        JsonNode has = j.get("sender_has_retransmits");
        int senderHas = has != null && has.isIntegralNumber() && has.canConvertToInt() ? has.intValue() : -1;
        JsonNode outputJson = j.get("server_output_json");
        return new PeerResults(
                JsonFields.doubleIn(j, "cpu_util_total", 0, 0, 1e6),
                JsonFields.doubleIn(j, "cpu_util_user", 0, 0, 1e6),
                JsonFields.doubleIn(j, "cpu_util_system", 0, 0, 1e6),
                senderHas,
                JsonFields.string(j, "congestion_used", 64),
                List.copyOf(streams),
                JsonFields.string(j, "server_output_text", JsonCodec.MAX_RESULTS_BYTES),
                outputJson != null && outputJson.isObject() ? outputJson : null);
    }

    public ObjectNode toJson() {
        ObjectNode j = JsonCodec.newObject();
        j.put("cpu_util_total", cpuTotal);
        j.put("cpu_util_user", cpuUser);
        j.put("cpu_util_system", cpuSystem);
        j.put("sender_has_retransmits", senderHasRetransmits);
        if (congestionUsed != null) {
            j.put("congestion_used", congestionUsed);
        }
        ArrayNode arr = j.putArray("streams");
        for (StreamResult s : streams) {
            arr.add(s.toJson());
        }
        if (serverOutputText != null) {
            j.put("server_output_text", serverOutputText);
        }
        if (serverOutputJson != null) {
            j.set("server_output_json", serverOutputJson);
        }
        return j;
    }

    /** Sum of bytes over all streams. */
    public long bytes() {
        long sum = 0;
        for (StreamResult s : streams) {
            sum += s.bytes();
        }
        return sum;
    }
}
