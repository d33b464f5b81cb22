package io.jloadgen.matrix;

/** A hook command failed or timed out: the campaign stops, showing the hook's output. */
public final class HookFailedException extends Exception {
    private final transient HookResult result;

    public HookFailedException(HookResult result) {
        super(result.describe());
        this.result = result;
    }

    public HookResult result() {
        return result;
    }
}
