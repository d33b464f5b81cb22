package io.jloadgen.matrix;

import io.jloadgen.config.Transport;

import java.util.List;

/**
 * One system variant a campaign can run under, from a {@code [variants.NAME]} table.
 *
 * @param name       the label recorded in every result ({@code variant})
 * @param check      command that must succeed before the campaign runs, so results never carry a wrong label; null for none
 * @param setup      command run once before the campaign; null for none
 * @param clientArgs extra iperf3-style client options for every test (see {@link ClientArgs})
 * @param transport  the Netty transport the host-side clients use
 * @param switchCommand command that puts the system into this variant ({@code switch}, used by {@code --all}); may
 *                   reboot the machine; null for none
 */
public record VariantSpec(String name, String check, String setup, List<String> clientArgs, Transport transport,
                          String switchCommand) {
    public VariantSpec {
        clientArgs = List.copyOf(clientArgs);
    }
}
