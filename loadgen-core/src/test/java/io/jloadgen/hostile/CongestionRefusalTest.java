package io.jloadgen.hostile;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.Socket;
import java.util.List;

/**
 * A client asking for a congestion control algorithm this kernel lacks (its own may have it: it sets its
 * own before asking) gets iperf3's IESETCONGESTION, whose text names TCP_CONGESTION, and the server logs one
 * line naming the algorithm and what the kernel offers; tests around it go on. A stock iperf3 server would
 * warn and run the test with its default algorithm instead: a sender measured with another algorithm than the
 * one asked for is a wrong result, so jloadgen says no.
 */
@Timeout(60)
class CongestionRefusalTest {
    private static final int IESETCONGESTION = 134;
    private static final String ASKS_FOR_AN_UNKNOWN_ALGORITHM = "{\"tcp\":true,\"omit\":0,\"time\":30,\"num\":0,"
            + "\"blockcount\":0,\"parallel\":1,\"len\":131072,\"reverse\":true,\"congestion\":\"no-such-algo\","
            + "\"client_version\":\"3.12\"}";

    private AttackedServer s;

    @BeforeEach
    void start() {
        s = AttackedServer.start();
    }

    @AfterEach
    void stop() {
        s.close();
    }

    @Test
    void anUnknownAlgorithmIsRefusedWithIesetcongestionWhileOtherTestsGoOn() throws Exception {
        List<Integer> ports = s.underAttack(2, 1, i -> {
            try (RawPeer p = s.peer()) {
                p.startTest().sendParameters(ASKS_FOR_AN_UNKNOWN_ALGORITHM);
                try (Socket data = new Socket("127.0.0.1", s.port())) {
                    data.getOutputStream().write(p.cookie.encode());
                    p.expectServerErrorThenClose(IESETCONGESTION);
                }
                return p.localPort();
            }
        });
        s.assertOneLinePerBadPeer(ports, "-C/--congestion", "'no-such-algo'", "allowed: ", "available: ");
        s.assertBackToBaseline();
    }
}
