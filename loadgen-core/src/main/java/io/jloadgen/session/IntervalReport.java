package io.jloadgen.session;

import java.util.List;

/** All streams of one interval and their sum (the sum's id is -1). */
public record IntervalReport(List<StreamInterval> streams, StreamInterval sum) {
}
