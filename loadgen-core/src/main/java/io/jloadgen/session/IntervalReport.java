package io.jloadgen.session;

import java.util.List;

/**
 * All streams of one interval and their sum (the sum's id is -1). With {@code --bidir}, {@code sum} covers the
 * streams this end sends on and {@code sumReverse} those it receives on (iperf3's {@code sum_bidir_reverse});
 * otherwise {@code sumReverse} is null.
 */
public record IntervalReport(List<StreamInterval> streams, StreamInterval sum, StreamInterval sumReverse) {
    public IntervalReport(List<StreamInterval> streams, StreamInterval sum) {
        this(streams, sum, null);
    }
}
