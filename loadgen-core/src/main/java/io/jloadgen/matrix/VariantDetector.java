package io.jloadgen.matrix;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Learns which variant the system is in by running every variant's {@code check}: exactly one must pass. A system
 * that matches none, or several, is one no test may be recorded on, because its label would be a guess.
 */
final class VariantDetector {
    private final MatrixSpec spec;
    private final HookRunner hooks;

    VariantDetector(MatrixSpec spec, HookRunner hooks) {
        this.spec = spec;
        this.hooks = hooks;
    }

    /**
     * What the checks said.
     *
     * @param checks every variant's check result, in spec order
     */
    record Detection(Map<String, HookResult> checks) {
        List<String> matching() {
            return checks.entrySet().stream().filter(e -> e.getValue().ok()).map(Map.Entry::getKey).toList();
        }

        /** The one variant the system is in, or null when it matches none or several. */
        String variant() {
            List<String> m = matching();
            return m.size() == 1 ? m.get(0) : null;
        }

        /** Why no single variant: each check's command and how it ended. */
        String explain() {
            List<String> m = matching();
            StringBuilder s = new StringBuilder(m.isEmpty()
                    ? "the system matches no variant: every variant's check fails"
                    : "the system matches several variants (" + String.join(", ", m) + "): their checks cannot tell "
                    + "them apart");
            checks.forEach((name, r) -> s.append("\n  ").append(name).append(": ").append(r.command())
                    .append(" -> ").append(outcome(r)));
            return s.toString();
        }
    }

    /** Runs the check of every variant that has one. */
    Detection detect() throws InterruptedException {
        Map<String, HookResult> checks = new LinkedHashMap<>();
        for (VariantSpec v : spec.variants().values()) {
            if (v.check() != null) {
                checks.put(v.name(), hooks.run("check " + v.name(), v.check(), spec.hooks().timeout()));
            }
        }
        return new Detection(checks);
    }

    /** "passes", or the status and the output in one line. */
    static String outcome(HookResult r) {
        if (r.ok()) {
            return "passes";
        }
        String how = r.timedOut() ? "timed out" : "exit " + r.exitCode();
        String out = r.output().strip().replace('\n', ' ');
        return how + (out.isEmpty() ? " (no output)" : ": " + out);
    }
}
