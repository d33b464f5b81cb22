package io.jloadgen.api;

/** How a client prints its progress and summary. */
public enum OutputFormat {
    /** iperf3's human-readable lines. */
    TEXT,
    /** One iperf3-shaped JSON document at the end ({@code -J}). */
    JSON,
    /** Nothing: the caller reads the {@link TestResult}. */
    NONE
}
