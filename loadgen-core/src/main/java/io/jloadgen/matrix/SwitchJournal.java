package io.jloadgen.matrix;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code <out>/<name>/switches.journal}: one line per variant switch an {@code --all} campaign started, written and
 * synced <em>before</em> the switch command runs, because the command may reboot the machine. A campaign resumed
 * after the reboot counts a block's attempts here, across processes and boots, which is what stops a switch that
 * never reaches its variant from rebooting the machine forever. Once the user has fixed what made a block's switch
 * fail, {@code jloadgen matrix reset-switches DIR} appends a reset line for the block: only attempts after it count.
 * A line torn by a crash is ignored. JSON lines, but not named {@code .jsonl}: {@code jloadgen report} reads every
 * {@code *.jsonl} in a campaign directory as results.
 *
 * <p>Not thread-safe; the campaign thread owns it.
 */
public final class SwitchJournal {
    public static final String FILE_NAME = "switches.journal";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final List<Entry> entries;

    /**
     * One switch, or a reset of a block's attempts.
     *
     * @param block   the block it was for (1-based)
     * @param from    the variant the system was in (null for a reset)
     * @param to      the block's variant (null for a reset)
     * @param time    ISO-8601 UTC, when the switch command started or the reset was made
     * @param bootId  {@code /proc/sys/kernel/random/boot_id} of the boot that started it
     * @param attempt 1-based attempt for this block since its last reset (0 for a reset)
     * @param reset   true for a reset line: the block's earlier attempts no longer count
     */
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    public record Entry(@JsonProperty("block") int block, @JsonProperty("from") String from,
                        @JsonProperty("to") String to, @JsonProperty("time") String time,
                        @JsonProperty("boot_id") String bootId, @JsonProperty("attempt") int attempt,
                        @JsonProperty("reset") boolean reset) {
        /** A switch. */
        public Entry(int block, String from, String to, String time, String bootId, int attempt) {
            this(block, from, to, time, bootId, attempt, false);
        }

        /** A reset of {@code block}'s attempts. */
        public static Entry resetOf(int block, String time, String bootId) {
            return new Entry(block, null, null, time, bootId, 0, true);
        }
    }

    private SwitchJournal(Path file, List<Entry> entries) {
        this.file = file;
        this.entries = entries;
    }

    public static Path fileIn(Path campaignDir) {
        return campaignDir.resolve(FILE_NAME);
    }

    /** Reads the journal at {@code file}; a missing file is an empty journal. */
    public static SwitchJournal read(Path file) throws IOException {
        List<Entry> entries = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    entries.add(JSON.readValue(line, Entry.class));
                } catch (JsonProcessingException e) {
                    // a line torn by a crash mid-append: that switch never ran (it runs after the sync)
                }
            }
        }
        return new SwitchJournal(file, entries);
    }

    /** Switches started for {@code block} since its last reset, in any process or boot. */
    public int attempts(int block) {
        int n = 0;
        for (Entry e : entries) {
            if (e.block() == block) {
                n = e.reset() ? 0 : n + 1;
            }
        }
        return n;
    }

    /** The blocks with at least {@code limit} attempts since their last reset, in block order. */
    public List<Integer> blocksWithAttempts(int limit) {
        return entries.stream().map(Entry::block).distinct().sorted().filter(b -> attempts(b) >= limit).toList();
    }

    public List<Entry> entries() {
        return Collections.unmodifiableList(entries);
    }

    /**
     * Appends {@code e} and syncs it to the device before returning. Through java.io, which a thread interrupt
     * (a stop request during a switch) does not break, where an interruptible {@code FileChannel} would close.
     */
    public void append(Entry e) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            long size = f.length();
            boolean newlineFirst = false;
            if (size > 0) {
                f.seek(size - 1);
                newlineFirst = f.read() != '\n'; // a torn last line must not swallow this one
            }
            byte[] line = ((newlineFirst ? "\n" : "") + JSON.writeValueAsString(e) + "\n").getBytes(StandardCharsets.UTF_8);
            f.seek(size);
            f.write(line);
            f.getFD().sync();
        }
        entries.add(e);
    }

    public Path file() {
        return file;
    }

}
