package io.jloadgen.hostile;

import io.jloadgen.protocol.Cookie;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hand-driven iperf3 control connection for attacks: it writes exactly the bytes a test says, in the
 * order it says, and reads what the server answers, every read bounded by a socket timeout.
 */
final class RawPeer implements AutoCloseable {
    static final int PARAM_EXCHANGE = 9;
    static final int CREATE_STREAMS = 10;
    static final int SERVER_ERROR = -2;
    static final int ACCESS_DENIED = -1;

    private final Socket socket;
    private final DataOutputStream out;
    private final DataInputStream in;
    final Cookie cookie = Cookie.random();

    RawPeer(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(15_000);
        out = new DataOutputStream(socket.getOutputStream());
        in = new DataInputStream(socket.getInputStream());
    }

    /** The port the server sees this peer on: its log lines name the peer as 127.0.0.1:port. */
    int localPort() {
        return socket.getLocalPort();
    }

    Socket socket() {
        return socket;
    }

    RawPeer write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    RawPeer writeInt(int value) throws IOException {
        out.writeInt(value);
        out.flush();
        return this;
    }

    /** A length-prefixed JSON frame as iperf3 sends it. */
    RawPeer writeJson(String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        out.writeInt(body.length);
        out.write(body);
        out.flush();
        return this;
    }

    /** Sends the cookie and checks the server asks for parameters. */
    RawPeer startTest() throws IOException {
        write(cookie.encode());
        expectState(PARAM_EXCHANGE);
        return this;
    }

    /** Sends parameters and checks the server asks for the data connections. */
    RawPeer sendParameters(String json) throws IOException {
        writeJson(json);
        expectState(CREATE_STREAMS);
        return this;
    }

    void expectState(int state) throws IOException {
        assertThat(in.readByte()).as("state byte from the server").isEqualTo((byte) state);
    }

    /** Reads until the server closes; fails if it does not close within the socket timeout. */
    byte[] readUntilClosed() throws IOException {
        InputStream stream = socket.getInputStream();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = stream.read(buf)) >= 0) {
                got.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close the connection", e);
        } catch (IOException reset) {
            // a reset is a close too
        }
        return got.toByteArray();
    }

    /** Reads to the close and checks the server's last words were SERVER_ERROR with iperf3's {@code code}. */
    void expectServerErrorThenClose(int code) throws IOException {
        byte[] reply = readUntilClosed();
        assertThat(reply).as("SERVER_ERROR, error code, errno").hasSize(9);
        assertThat(reply[0]).isEqualTo((byte) SERVER_ERROR);
        assertThat(errorCode(reply)).as("iperf3 error code").isEqualTo(code);
    }

    static int errorCode(byte[] reply) {
        return ((reply[1] & 0xff) << 24) | ((reply[2] & 0xff) << 16) | ((reply[3] & 0xff) << 8) | (reply[4] & 0xff);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
