package io.jloadgen.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What identifies the machine and boot a result was measured on. Values that cannot be read are
 * {@code "unknown"} rather than an error: a missing CPU model must not stop a campaign.
 *
 * @param hostName  {@code /proc/sys/kernel/hostname}
 * @param kernel    kernel release, {@code /proc/sys/kernel/osrelease}
 * @param cpuModel  first {@code model name} of {@code /proc/cpuinfo}
 * @param cpus      CPUs available to the JVM
 * @param bootId    {@code /proc/sys/kernel/random/boot_id}, which changes at every boot
 */
public record HostInfo(String hostName, String kernel, String cpuModel, int cpus, String bootId) {

    public static HostInfo read() {
        return new HostInfo(firstLine("/proc/sys/kernel/hostname"), firstLine("/proc/sys/kernel/osrelease"),
                readCpuModel(), Runtime.getRuntime().availableProcessors(), firstLine("/proc/sys/kernel/random/boot_id"));
    }

    private static String readCpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown";
    }

    private static String firstLine(String path) {
        try {
            String s = Files.readString(Path.of(path)).strip();
            return s.isEmpty() ? "unknown" : s;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
