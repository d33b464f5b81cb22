package io.jloadgen.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The generator's ceiling on this machine, as {@link SelfTest} measured it over loopback.
 *
 * @param transport         the Netty transport used (client and server alike)
 * @param cores             available processors
 * @param streams           TCP streams
 * @param blockSize         bytes per write
 * @param clientThreads     event-loop threads of the client's data streams
 * @param serverThreads     event-loop threads of the server
 * @param durationS         the receiver's measured window as it elapsed, seconds
 * @param bytesReceived     bytes the receiver read in the window
 * @param throughputGbps    receiver throughput, 10^9 bit/s
 * @param hostCpuSeconds    system-wide busy CPU-seconds during the measured test (/proc/stat), NaN if unknown
 * @param hostCpuPct        system-wide busy CPU during the measured test, % of one CPU, NaN if unknown
 */
public record SelfTestResult(
        String transport,
        int cores,
        int streams,
        int blockSize,
        int clientThreads,
        int serverThreads,
        double durationS,
        long bytesReceived,
        double throughputGbps,
        double hostCpuSeconds,
        double hostCpuPct) {

    /** Throughput per available core, 10^9 bit/s. */
    public double gbpsPerCore() {
        return throughputGbps / cores;
    }

    /** System-wide CPU-seconds per 10^9 bytes moved, NaN if unknown. */
    public double cpuSecondsPerGb() {
        return bytesReceived <= 0 ? Double.NaN : hostCpuSeconds / (bytesReceived / 1e9);
    }

    /** A JSON object with snake_case fields and units in the names; unknown CPU figures are null. */
    public String toJson() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode o = mapper.createObjectNode();
        o.put("transport", transport);
        o.put("cores", cores);
        o.put("streams", streams);
        o.put("block_bytes", blockSize);
        o.put("client_threads", clientThreads);
        o.put("server_threads", serverThreads);
        o.put("duration_s", durationS);
        o.put("bytes_received", bytesReceived);
        o.put("throughput_gbps", throughputGbps);
        o.put("gbps_per_core", gbpsPerCore());
        putOrNull(o, "host_cpu_s", hostCpuSeconds);
        putOrNull(o, "host_cpu_pct", hostCpuPct);
        putOrNull(o, "cpu_s_per_gb", cpuSecondsPerGb());
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void putOrNull(ObjectNode o, String field, double value) {
        if (Double.isFinite(value)) {
            o.put(field, value);
        } else {
            o.putNull(field);
        }
    }
}
