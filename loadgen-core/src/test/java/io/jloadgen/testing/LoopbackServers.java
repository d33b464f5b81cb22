package io.jloadgen.testing;

import io.jloadgen.api.Server;
import io.jloadgen.config.ServerConfig;
import io.jloadgen.config.Transport;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * jloadgen servers on 127.0.0.1 for a test class ({@code @RegisterExtension}): each logs into one buffer, and each
 * is closed after every test.
 */
public final class LoopbackServers implements AfterEachCallback {
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final List<Server> started = new ArrayList<>();

    /** A server on an ephemeral port of 127.0.0.1, on the default transport. */
    public Server start() {
        Server s = Server.start(new ServerConfig("127.0.0.1", 0, false, Transport.AUTO, 2, Duration.ofSeconds(5), 8),
                new PrintStream(log, true, StandardCharsets.UTF_8));
        started.add(s);
        return s;
    }

    /** What the servers have logged so far. */
    public String log() {
        return log.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        started.forEach(Server::close);
        started.clear();
        log.reset();
    }
}
