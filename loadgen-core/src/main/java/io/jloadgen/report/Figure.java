package io.jloadgen.report;

import org.knowm.xchart.internal.chartpart.Chart;

/**
 * One plot of the report.
 *
 * @param stem    file name without extension, e.g. {@code guest-to-host-1}
 * @param section where the HTML and Markdown pages show it
 * @param chart   the XChart figure
 */
public record Figure(String stem, Section section, Chart<?, ?> chart) {

    /** Groups of figures, in page order. */
    public enum Section {
        DRIFT("Drift between blocks"),
        THROUGHPUT("Throughput and host CPU"),
        FAIRNESS("Fairness"),
        LATENCY("Latency under load"),
        DRILL_DOWN("Drill-down: cells that differ or are flagged");

        private final String title;

        Section(String title) {
            this.title = title;
        }

        /** Heading of the section. */
        public String title() {
            return title;
        }
    }

    /** The chart's title, used as image caption and alt text. */
    public String caption() {
        return chart.getTitle();
    }
}
