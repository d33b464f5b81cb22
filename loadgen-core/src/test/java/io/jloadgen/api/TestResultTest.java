package io.jloadgen.api;

import io.jloadgen.config.Direction;
import io.jloadgen.host.CpuUsage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TestResultTest {
    @Test
    void receiverThroughputIsOverTheReceiversOwnWindow() {
        // behind a deep queue the receiver's window outlasts the sender's by what was queued
        TestResult r = new TestResult(true, null, Direction.FORWARD, 1, "epoll", 3, 5.0, 60_000_000, 66_000_000, 0L,
                List.of(), CpuUsage.UNKNOWN, CpuUsage.UNKNOWN, "{}", 5.5);
        assertThat(r.receiverGbps()).isEqualTo(66_000_000 * 8.0 / 5.5 / 1e9);
        assertThat(r.senderGbps()).isEqualTo(60_000_000 * 8.0 / 5.0 / 1e9);
        TestResult sameWindow = new TestResult(true, null, Direction.FORWARD, 1, "epoll", 3, 5.0, 60_000_000, 60_000_000,
                0L, List.of(), CpuUsage.UNKNOWN, CpuUsage.UNKNOWN, "{}");
        assertThat(sameWindow.receiverS()).isEqualTo(5.0);
        assertThat(sameWindow.receiverGbps()).isEqualTo(sameWindow.senderGbps());
    }
}
