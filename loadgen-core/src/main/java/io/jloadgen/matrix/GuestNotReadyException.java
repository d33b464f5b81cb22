package io.jloadgen.matrix;

/** A guest's server did not answer an iperf3 control connection before the readiness deadline. */
public final class GuestNotReadyException extends Exception {
    public GuestNotReadyException(String message) {
        super(message);
    }
}
