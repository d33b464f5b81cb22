package io.jloadgen.protocol;

/** iperf3's control states, one signed byte each on the wire (iperf_api.h). */
public enum State {
    TEST_START(1),
    TEST_RUNNING(2),
    RESULT_REQUEST(3),
    TEST_END(4),
    STREAM_BEGIN(5),
    STREAM_RUNNING(6),
    STREAM_END(7),
    ALL_STREAMS_END(8),
    PARAM_EXCHANGE(9),
    CREATE_STREAMS(10),
    SERVER_TERMINATE(11),
    CLIENT_TERMINATE(12),
    EXCHANGE_RESULTS(13),
    DISPLAY_RESULTS(14),
    IPERF_START(15),
    IPERF_DONE(16),
    /** The server refuses the test (busy, or over a limit). */
    ACCESS_DENIED(-1),
    /** The server failed; two big-endian ints follow: iperf3's error code, then errno. */
    SERVER_ERROR(-2);

    private static final State[] BY_POSITIVE_CODE = new State[17];

    static {
        for (State s : values()) {
            if (s.code > 0) {
                BY_POSITIVE_CODE[s.code] = s;
            }
        }
    }

    private final byte code;

    State(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    /** The state for a byte read from the wire, or null for a byte that is no state. */
    public static State of(byte code) {
        if (code == -1) {
            return ACCESS_DENIED;
        }
        if (code == -2) {
            return SERVER_ERROR;
        }
        return code > 0 && code < BY_POSITIVE_CODE.length ? BY_POSITIVE_CODE[code] : null;
    }
}
