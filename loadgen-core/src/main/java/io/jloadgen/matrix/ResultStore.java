package io.jloadgen.matrix;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The durable result file of one variant, {@code <out>/<experiment>/<variant>.jsonl}: one
 * {@link ResultRecord} per line. {@link #append} writes the line, then forces it to the device before it
 * returns, so a finished test survives a crash or power loss; a killed controller leaves at most a torn
 * last line, which {@link #open} cuts off (that test is simply run again). Appends go through java.io,
 * which a thread interrupt does not break: a stop request interrupts the campaign thread, and an
 * interruptible {@code FileChannel} would close itself under a record being written.
 *
 * <p>One writer: the file is locked while open, so two campaigns cannot interleave lines. Not thread-safe;
 * the campaign thread owns it.
 */
public final class ResultStore implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final FileOutputStream appender;
    private final ObjectMapper mapper;
    private final List<ResultRecord> records;
    private final Set<TestKey> keys;
    private final long truncatedBytes;

    private ResultStore(Path file, FileChannel channel, FileLock lock, FileOutputStream appender, ObjectMapper mapper,
                        List<ResultRecord> records, long truncatedBytes) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.appender = appender;
        this.mapper = mapper;
        this.records = records;
        this.truncatedBytes = truncatedBytes;
        this.keys = new HashSet<>();
        for (ResultRecord r : records) {
            TestKey k = TestKey.of(r);
            if (k != null) {
                keys.add(k);
            }
        }
    }

    /** The file a variant's results go to. */
    public static Path fileFor(Path outDir, String experiment, String variant) {
        return outDir.resolve(experiment).resolve(variant + ".jsonl");
    }

    /**
     * Opens (creating directories and file as needed) and reads what is there. A last line that does not
     * parse is a write torn by a crash: it is cut off. A bad line before the last is not something a crash
     * leaves, so it is an error that names the line.
     */
    public static ResultStore open(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IOException(file + " is in use by another jloadgen matrix");
        }
        try {
            ObjectMapper mapper = new ObjectMapper();
            byte[] content = Files.readAllBytes(file);
            List<ResultRecord> records = new ArrayList<>();
            long goodEnd = parse(file, content, mapper, records);
            long truncated = content.length - goodEnd;
            channel.truncate(goodEnd);
            channel.position(goodEnd);
            if (goodEnd > 0 && content[(int) goodEnd - 1] != '\n') {
                // a complete record whose newline was lost: finish the line so the next one starts fresh
                write(channel, new byte[] {'\n'});
            }
            channel.force(true);
            return new ResultStore(file, channel, lock, new FileOutputStream(file.toFile(), true), mapper, records,
                    truncated);
        } catch (IOException | RuntimeException e) {
            lock.release();
            channel.close();
            throw e;
        }
    }

    /**
     * Reads the records of {@code file} without locking or repairing it (for {@code --dry-run}); a torn last
     * line is left out. A missing file has no records.
     */
    public static List<ResultRecord> readRecords(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<ResultRecord> records = new ArrayList<>();
        parse(file, Files.readAllBytes(file), new ObjectMapper(), records);
        return records;
    }

    /** Parses {@code content} into {@code records}; returns the byte offset where the intact lines end. */
    private static long parse(Path file, byte[] content, ObjectMapper mapper, List<ResultRecord> records)
            throws IOException {
        int lineStart = 0;
        int lineNo = 0;
        long goodEnd = 0;
        while (lineStart < content.length) {
            int nl = indexOf(content, (byte) '\n', lineStart);
            int lineEnd = nl < 0 ? content.length : nl;
            lineNo++;
            String line = new String(content, lineStart, lineEnd - lineStart, StandardCharsets.UTF_8).strip();
            boolean last = nl < 0 || nl == content.length - 1;
            if (!line.isEmpty()) {
                try {
                    records.add(mapper.readValue(line, ResultRecord.class));
                } catch (JsonProcessingException e) {
                    if (!last) {
                        throw new IOException(file + " line " + lineNo + " is not a result record: "
                                + e.getOriginalMessage());
                    }
                    break; // torn last line: goodEnd stays before it
                }
            }
            goodEnd = nl < 0 ? content.length : nl + 1;
            lineStart = lineEnd + 1;
        }
        return goodEnd;
    }

    /** Appends one record and syncs it to disk; a key already stored is refused, so resume never duplicates. */
    public void append(ResultRecord record) throws IOException {
        TestKey key = TestKey.of(record);
        if (key == null) {
            throw new IllegalArgumentException("record has an unknown direction: " + record.direction());
        }
        if (keys.contains(key)) {
            throw new IllegalStateException("already recorded: " + key);
        }
        byte[] line = (mapper.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
        appender.write(line);
        appender.getFD().sync();
        records.add(record);
        keys.add(key);
    }

    public boolean contains(TestKey key) {
        return keys.contains(key);
    }

    /** Keys of every stored record. */
    public Set<TestKey> recordedKeys() {
        return Collections.unmodifiableSet(keys);
    }

    /** Every stored record, in file order. */
    public List<ResultRecord> records() {
        return Collections.unmodifiableList(records);
    }

    /** Bytes of a torn last line cut off by {@link #open}, 0 when the file was intact. */
    public long truncatedBytes() {
        return truncatedBytes;
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        try (channel; appender) {
            lock.release();
        }
    }

    private static void write(FileChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
    }

    private static int indexOf(byte[] a, byte b, int from) {
        for (int i = from; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
