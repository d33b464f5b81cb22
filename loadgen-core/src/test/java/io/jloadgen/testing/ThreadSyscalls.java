package io.jloadgen.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the kernel says a thread of this JVM is doing, from {@code /proc/self/task/TID/syscall}: the
 * number of the system call it is blocked in and its arguments (x86-64 numbers), or "running". Lets a
 * test see how an event loop waits without timing anything.
 */
public final class ThreadSyscalls {
    private static final long EPOLL_WAIT = 232;
    private static final long EPOLL_PWAIT = 281;
    private static final long EPOLL_PWAIT2 = 441;
    private static final long RECVFROM = 45;

    private ThreadSyscalls() {
    }

    /** Whether this machine lets us read them with the numbers used here. */
    public static boolean readable() {
        return "amd64".equals(System.getProperty("os.arch")) && Files.isReadable(Path.of("/proc/thread-self/syscall"));
    }

    /** The calling thread's id, as /proc names it. */
    public static String currentTid() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ids of this JVM's threads whose name starts with {@code prefix} (the kernel keeps 15 characters of it). */
    public static List<String> tidsNamed(String prefix) {
        List<String> tids = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (Files.readString(task.resolve("comm")).trim().startsWith(prefix)) {
                        tids.add(task.getFileName().toString());
                    }
                } catch (NoSuchFileException ended) {
                    // the thread has just ended
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tids;
    }

    /** The thread's system call and arguments, split on spaces; {"running"} or empty when it is in none. */
    public static String[] of(String tid) {
        try {
            return Files.readString(Path.of("/proc/self/task/" + tid + "/syscall")).trim().split(" ");
        } catch (NoSuchFileException ended) {
            return new String[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the thread is blocked in one of epoll's waits. */
    public static boolean isEpollWait(String[] syscall) {
        if (syscall.length < 6 || !syscall[0].matches("\\d+")) {
            return false;
        }
        long nr = Long.parseLong(syscall[0]);
        return nr == EPOLL_WAIT || nr == EPOLL_PWAIT || nr == EPOLL_PWAIT2;
    }

    /** Whether the thread is blocked in {@code recv} (recvfrom, as glibc makes it). */
    public static boolean isRecv(String[] syscall) {
        return syscall.length >= 6 && syscall[0].matches("\\d+") && Long.parseLong(syscall[0]) == RECVFROM;
    }

    /** Whether it is an epoll wait without a timeout: no kernel timer armed for it. */
    public static boolean isUntimedWait(String[] syscall) {
        if (!isEpollWait(syscall)) {
            return false;
        }
        long nr = Long.parseLong(syscall[0]);
        int timeoutMs = (int) Long.parseUnsignedLong(syscall[4].substring(2), 16); // an int argument: -1 is 0xffffffff
        return nr != EPOLL_PWAIT2 && timeoutMs == -1;
    }
}
