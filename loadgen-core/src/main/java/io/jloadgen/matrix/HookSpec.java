package io.jloadgen.matrix;

import java.time.Duration;

/**
 * The {@code [hooks]} table: shell commands run by {@code /bin/sh -c}, with {name} {address} {index}
 * {variant} filled in. Any command may be null (not configured).
 *
 * @param start        per guest: bring it up (e.g. {@code xl create})
 * @param stop         per guest: take it down; must return even if the guest hangs (bound it with {@code timeout})
 * @param beforeTest   once before every test
 * @param afterTest    once after every test
 * @param readyTimeout how long a started guest may take until its server answers on the spec's port
 * @param timeout      how long any one hook command may run before it is killed and counts as failed
 */
public record HookSpec(String start, String stop, String beforeTest, String afterTest,
                       Duration readyTimeout, Duration timeout) {

    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    public static HookSpec none() {
        return new HookSpec(null, null, null, null, DEFAULT_READY_TIMEOUT, DEFAULT_TIMEOUT);
    }
}
