package io.jloadgen.matrix;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * One test run of a campaign (cell x repeat): a line of {@code <out>/<experiment>/<variant>.jsonl},
 * schema {@value #SCHEMA}. Field names and units are fixed by DESIGN.md; fields may be added, never renamed.
 * Unknown fields are ignored when reading, so newer records stay readable.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResultRecord(
        @JsonProperty("schema") String schema,
        @JsonProperty("experiment") String experiment,
        @JsonProperty("variant") String variant,
        @JsonProperty("direction") String direction,
        @JsonProperty("guests") int guests,
        @JsonProperty("streams") int streams,
        @JsonProperty("repeat") int repeat,
        @JsonProperty("block") Integer block,
        @JsonProperty("status") String status,
        @JsonProperty("error") @JsonInclude(JsonInclude.Include.ALWAYS) String error,
        @JsonProperty("started_at") String startedAt,
        @JsonProperty("duration_s") double durationS,
        @JsonProperty("omit_s") double omitS,
        @JsonProperty("throughput_gbps") double throughputGbps,
        @JsonProperty("guest_gbps") List<Double> guestGbps,
        @JsonProperty("host_cpu_pct") Double hostCpuPct,
        @JsonProperty("generator_cpu_pct") Double generatorCpuPct,
        @JsonProperty("retransmits") @JsonInclude(JsonInclude.Include.ALWAYS) Long retransmits,
        @JsonProperty("fairness") Double fairness,
        @JsonProperty("env") Map<String, Object> env,
        @JsonProperty("interval_s") Double intervalS,
        @JsonProperty("guest_intervals_gbps") List<List<Double>> guestIntervalsGbps,
        @JsonProperty("host_cpu_intervals_pct") List<Double> hostCpuIntervalsPct,
        @JsonProperty("host_cpu_detail") JsonNode hostCpuDetail,
        @JsonProperty("flags") List<String> flags,
        @JsonProperty("guest_latency_us") List<Map<String, Object>> guestLatencyUs,
        @JsonProperty("guest_latency_hdr") List<String> guestLatencyHdr,
        @JsonProperty("host_threads_pct") Map<String, Double> hostThreadsPct) {

    public static final String SCHEMA = "jloadgen.result/1";
    public static final String STATUS_OK = "ok";
    public static final String STATUS_FAILED = "failed";

    public boolean ok() {
        return STATUS_OK.equals(status);
    }
}
