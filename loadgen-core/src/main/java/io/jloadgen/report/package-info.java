/**
 * {@code jloadgen report}: reads {@code jloadgen.result/1} records, aggregates them per cell (variant,
 * direction, guests, streams), compares variants with Welch's t-test, compares each variant's blocks with each
 * other (drift), compares p99 round trips against the run-to-run spread, and writes tables (CSV, Markdown),
 * plots (XChart PNG/SVG), verdict sentences, {@code report.md} and a self-contained {@code report.html}.
 *
 * <p>Rules every class here keeps: a record that failed or carries a quality flag is never averaged into a
 * cell; it is counted and shown. Throughput is in 10^9 bit/s, CPU in % of one CPU, latency in microseconds.
 * No Netty: this package only reads files the matrix wrote.
 */
package io.jloadgen.report;
