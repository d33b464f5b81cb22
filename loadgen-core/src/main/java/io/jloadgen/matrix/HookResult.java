package io.jloadgen.matrix;

/**
 * How one hook command ended.
 *
 * @param label      what the hook was for, e.g. {@code start split-1}
 * @param command    the command after templating
 * @param exitCode   the shell's exit status; -1 when it was killed at the timeout
 * @param timedOut   whether it ran past its timeout and was killed
 * @param output     stdout and stderr together, at most {@link HookRunner#MAX_OUTPUT_BYTES} of the end
 * @param elapsedMs  wall time it ran
 */
public record HookResult(String label, String command, int exitCode, boolean timedOut, String output, long elapsedMs) {

    public boolean ok() {
        return exitCode == 0 && !timedOut;
    }

    /** One paragraph a user can act on: what ran, how it ended, what it printed. */
    public String describe() {
        String how = timedOut ? "timed out after " + elapsedMs + " ms and was killed"
                : "exited with status " + exitCode + " after " + elapsedMs + " ms";
        String text = output.isBlank() ? "(no output)" : output.stripTrailing();
        return "hook '" + label + "' " + how + "\n  command: " + command + "\n  output:\n" + text.indent(4).stripTrailing();
    }
}
