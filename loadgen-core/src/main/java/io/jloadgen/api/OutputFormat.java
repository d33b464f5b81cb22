package io.jloadgen.api;

/** How a client prints its progress and summary. */
public enum OutputFormat {
    /** iperf3's human-readable lines. */
    TEXT,
    /** One iperf3-shaped JSON document at the end ({@code -J}). */
    JSON,
    /** One JSON object per line per event, as iperf3 3.17's {@code --json-stream} prints them. */
    JSON_STREAM,
    /** Nothing: the caller reads the {@link TestResult}. */
    NONE
}
