package io.jloadgen.matrix;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs hook commands with {@code /bin/sh -c}, stdin from {@code /dev/null}, bounded in time (the whole
 * process tree is killed at the timeout) and in captured output (the last {@value #MAX_OUTPUT_BYTES} bytes).
 *
 * <p>Output goes to a temporary file rather than a pipe: a hook that leaves a server running in the
 * background ({@code server &}) keeps its inherited stdout open, and a pipe reader would wait for it forever.
 */
public final class HookRunner {
    public static final int MAX_OUTPUT_BYTES = 64 * 1024;

    private final Path workDir;

    /** Hooks run in {@code workDir} (relative paths in commands, e.g. {@code ./jloadgen}, resolve there). */
    public HookRunner(Path workDir) {
        this.workDir = workDir;
    }

    /** Runs {@code command}; returns however it ended. Interrupting the caller kills the command. */
    public HookResult run(String label, String command, Duration timeout) throws InterruptedException {
        long startNs = System.nanoTime();
        Path outFile = null;
        try {
            outFile = Files.createTempFile("jloadgen-hook-", ".out");
            ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(outFile.toFile())
                    .redirectInput(new File("/dev/null"));
            Process process = pb.start();
            boolean finished;
            try {
                finished = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                killTree(process);
                throw e;
            }
            if (!finished) {
                killTree(process);
            }
            long elapsedMs = (System.nanoTime() - startNs) / 1_000_000;
            return new HookResult(label, command, finished ? process.exitValue() : -1, !finished, tail(outFile), elapsedMs);
        } catch (IOException e) {
            long elapsedMs = (System.nanoTime() - startNs) / 1_000_000;
            return new HookResult(label, command, 127, false, "could not run /bin/sh: " + e.getMessage(), elapsedMs);
        } finally {
            if (outFile != null) {
                try {
                    Files.deleteIfExists(outFile);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
    }

    /** Runs {@code command} and throws when it does not succeed. */
    public HookResult runOrThrow(String label, String command, Duration timeout)
            throws InterruptedException, HookFailedException {
        HookResult r = run(label, command, timeout);
        if (!r.ok()) {
            throw new HookFailedException(r);
        }
        return r;
    }

    /**
     * The tree is listed first (once the shell is dead its children are re-parented and cannot be found), then
     * the shell is killed before its children: killed the other way round, the shell would go on to its next
     * command in the moment between.
     */
    private static void killTree(Process process) throws InterruptedException {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        process.waitFor(5, TimeUnit.SECONDS);
    }

    private static String tail(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            long start = Math.max(0, length - MAX_OUTPUT_BYTES);
            byte[] bytes = new byte[(int) (length - start)];
            raf.seek(start);
            raf.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            return start > 0 ? "[... " + start + " bytes cut ...]\n" + text : text;
        }
    }
}
