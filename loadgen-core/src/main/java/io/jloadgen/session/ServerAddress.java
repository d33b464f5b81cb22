package io.jloadgen.session;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Resolves the server's name once, honouring iperf3's {@code -4}/{@code -6}, so every connection goes to one address. */
final class ServerAddress {
    private ServerAddress() {
    }

    /** @param ipVersion 4 or 6 for that family only, 0 for the resolver's first answer */
    static InetSocketAddress resolve(String host, int port, int ipVersion) throws UnknownHostException {
        for (InetAddress a : InetAddress.getAllByName(host)) {
            if (ipVersion == 0 || (ipVersion == 4 && a instanceof Inet4Address) || (ipVersion == 6 && a instanceof Inet6Address)) {
                return new InetSocketAddress(a, port);
            }
        }
        throw new UnknownHostException("no IPv" + ipVersion + " address for " + host);
    }
}
