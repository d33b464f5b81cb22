package io.jloadgen.matrix;

/**
 * One guest of a campaign, from a {@code [[guests]]} table.
 *
 * @param index   1-based position in the spec; a test with n guests uses guests 1..n
 * @param name    guest name, filled into hooks as {name}
 * @param address address its server listens on, filled into hooks as {address}
 * @param local   whether the controller starts an in-process server on {@code address} itself
 */
public record GuestSpec(int index, String name, String address, boolean local) {
}
