package io.jloadgen.session;

import io.jloadgen.engine.UdpSender;

/** The iperf3 error codes (iperf_api.h) a server sends after SERVER_ERROR, and words for them. */
final class IperfErrors {
    static final int NUM_STREAMS = 6;           // IENUMSTREAMS
    static final int TOTAL_RATE = 27;           // IETOTALRATE
    static final int MAX_DURATION = 37;         // IEMAXSERVERTESTDURATIONEXCEEDED
    static final int CTRL_READ = 108;           // IECTRLREAD
    static final int UNKNOWN_MESSAGE = 110;     // IEMESSAGE
    static final int RECV_PARAMETERS = 114;     // IERECVPARAMS
    static final int RECV_RESULTS = 117;        // IERECVRESULTS
    static final int SET_CONGESTION = 134;      // IESETCONGESTION
    static final int AUTH_TEST = 142;           // IEAUTHTEST
    static final int STREAM_ACCEPT = 204;       // IESTREAMACCEPT
    static final int STREAM_WRITE = 205;        // IESTREAMWRITE

    private IperfErrors() {
    }

    static String describe(int code, int errno) {
        String what = switch (code) {
            case NUM_STREAMS -> "number of parallel streams too large";
            case TOTAL_RATE -> "total required bandwidth is larger than server limit";
            case MAX_DURATION -> "client's requested duration exceeds the server's maximum permitted limit";
            case CTRL_READ -> "unable to read from the control socket";
            case UNKNOWN_MESSAGE -> "received an unknown control message";
            case RECV_PARAMETERS -> "unable to receive parameters from client";
            case RECV_RESULTS -> "unable to receive results";
            case SET_CONGESTION -> "unable to set TCP_CONGESTION: the congestion control algorithm asked for is not "
                    + "available on the server";
            case AUTH_TEST -> "test authorization failed";
            case STREAM_ACCEPT -> "unable to accept stream connection";
            case STREAM_WRITE -> "unable to write to stream socket";
            default -> "error code " + code;
        };
        return errno == UdpSender.EMSGSIZE ? what + ": Message too long" : errno != 0 ? what + " (errno " + errno + ")" : what;
    }
}
