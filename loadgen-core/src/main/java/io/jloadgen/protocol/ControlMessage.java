package io.jloadgen.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/** One message read from an iperf3 control connection. */
public sealed interface ControlMessage {

    /** The 37-byte cookie a client sends first. */
    record CookieMessage(Cookie cookie) implements ControlMessage {
    }

    /** A state byte; for {@link State#SERVER_ERROR}, iperf3's error code and errno follow. */
    record StateMessage(State state, int errorCode, int errno) implements ControlMessage {
        public StateMessage(State state) {
            this(state, 0, 0);
        }
    }

    /** A length-prefixed JSON object (parameters or results). */
    record JsonMessage(JsonNode json) implements ControlMessage {
    }
}
