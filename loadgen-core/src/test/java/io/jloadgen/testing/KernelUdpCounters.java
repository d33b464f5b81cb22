package io.jloadgen.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The kernel's UDP counters from /proc/net/snmp (this network namespace): how many datagrams it dropped for
 * want of receive buffer or for any error. A loopback UDP test cannot lose a datagram any other way.
 */
public record KernelUdpCounters(long inErrors, long rcvbufErrors) {
    public static KernelUdpCounters read() {
        try {
            List<String> udp = Files.readAllLines(Path.of("/proc/net/snmp")).stream().filter(l -> l.startsWith("Udp:")).toList();
            List<String> names = Arrays.asList(udp.get(0).split("\\s+"));
            String[] values = udp.get(1).split("\\s+");
            return new KernelUdpCounters(Long.parseLong(values[names.indexOf("InErrors")]),
                    Long.parseLong(values[names.indexOf("RcvbufErrors")]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Datagrams the kernel dropped on receipt since {@code before} (InErrors includes RcvbufErrors). */
    public long droppedSince(KernelUdpCounters before) {
        return inErrors - before.inErrors;
    }
}
