package io.jloadgen.session;

/** Sends every event to two writers, e.g. the user's text output and a JSON document kept for the result. */
public final class Tee implements ReportWriter {
    private final ReportWriter first;
    private final ReportWriter second;

    private Tee(ReportWriter first, ReportWriter second) {
        this.first = first;
        this.second = second;
    }

    public static ReportWriter of(ReportWriter first, ReportWriter second) {
        return new Tee(first, second);
    }

    @Override
    public void start(StartInfo info) {
        first.start(info);
        second.start(info);
    }

    @Override
    public void interval(IntervalReport report) {
        first.interval(report);
        second.interval(report);
    }

    @Override
    public void end(TestSummary summary) {
        first.end(summary);
        second.end(summary);
    }

    @Override
    public void serverOutput(String text, com.fasterxml.jackson.databind.JsonNode json) {
        first.serverOutput(text, json);
        second.serverOutput(text, json);
    }

    @Override
    public void error(String message) {
        first.error(message);
        second.error(message);
    }
}
