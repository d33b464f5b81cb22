package io.jloadgen.matrix;

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
 * never reaches its variant from rebooting the machine forever. A line torn by a crash is ignored. JSON lines, but
 * not named {@code .jsonl}: {@code jloadgen report} reads every {@code *.jsonl} in a campaign directory as results.
 *
 * <p>Not thread-safe; the campaign thread owns it.
 */
public final class SwitchJournal {
    public static final String FILE_NAME = "switches.journal";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final List<Entry> entries;

    /**
     * One switch.
     *
     * @param block   the block it was for (1-based)
     * @param from    the variant the system was in
     * @param to      the block's variant
     * @param time    ISO-8601 UTC, when the switch command started
     * @param bootId  {@code /proc/sys/kernel/random/boot_id} of the boot that started it
     * @param attempt 1-based attempt for this block
     */
    public record Entry(@JsonProperty("block") int block, @JsonProperty("from") String from,
                        @JsonProperty("to") String to, @JsonProperty("time") String time,
                        @JsonProperty("boot_id") String bootId, @JsonProperty("attempt") int attempt) {
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

    /** Switches started for {@code block}, in any process or boot. */
    public int attempts(int block) {
        return (int) entries.stream().filter(e -> e.block() == block).count();
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
