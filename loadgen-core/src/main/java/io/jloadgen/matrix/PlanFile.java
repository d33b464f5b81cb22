package io.jloadgen.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code <out>/<name>/plan.json}, schema {@value #SCHEMA}: every test of every block of an {@code --all} campaign with
 * its key and position, written before the first test, so progress, the time left and what remains can be read
 * from disk at any moment ({@code jloadgen matrix status}). Written whole or not at all: a temporary file, synced,
 * renamed over the old one, then the directory synced, so a crash leaves the old plan or the new one.
 *
 * @param experiment    the spec name
 * @param specSha256    the spec text the plan was made from
 * @param testEstimateS planned wall time of one test (omit + duration + set-up), in seconds
 * @param blocks        the blocks, in order
 * @param tests         every test, in run order (position = index + 1)
 */
public record PlanFile(String experiment, String specSha256, double testEstimateS, List<BlockEntry> blocks,
                       List<TestKey> tests) {
    public static final String SCHEMA = "jloadgen.plan/1";
    public static final String FILE_NAME = "plan.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public PlanFile {
        blocks = List.copyOf(blocks);
        tests = List.copyOf(tests);
    }

    /**
     * One block as the plan file lists it.
     *
     * @param index       1-based block number
     * @param variant     its variant
     * @param firstRepeat first repeat index
     * @param lastRepeat  last repeat index
     * @param tests       number of tests
     */
    public record BlockEntry(int index, String variant, int firstRepeat, int lastRepeat, int tests) {
    }

    public static PlanFile of(BlockPlan plan, MatrixSpec spec, String specSha256) {
        List<BlockEntry> blocks = plan.blocks().stream().map(b -> new BlockEntry(b.index(), b.variant(),
                b.firstRepeat(), b.lastRepeat(), b.plan().testCount())).toList();
        double estimateS = CampaignPlan.estimateTestTime(spec, 1).toMillis() / 1000.0;
        return new PlanFile(plan.experiment(), specSha256, estimateS, blocks, plan.tests());
    }

    /** Where the plan of the campaign in {@code campaignDir} ({@code <out>/<name>}) lives. */
    public static Path fileIn(Path campaignDir) {
        return campaignDir.resolve(FILE_NAME);
    }

    /**
     * The plan of the campaign in {@code dir} ({@code <out>/<name>}).
     *
     * @throws SpecException when {@code dir} has no plan.json (not an {@code --all} campaign)
     */
    public static PlanFile readIn(Path dir) throws IOException {
        Path file = fileIn(dir);
        if (!java.nio.file.Files.exists(file)) {
            throw new SpecException("DIR", dir + " has no " + FILE_NAME + ": give the campaign directory "
                    + "<out>/<name> of a 'jloadgen matrix SPEC --all' run");
        }
        return read(file);
    }

    /** Writes the plan atomically and durably to {@code file}. */
    public void write(Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("experiment", experiment);
        root.put("spec_sha256", specSha256);
        root.put("written_at", Instant.now().toString());
        root.put("test_estimate_s", testEstimateS);
        root.put("test_count", tests.size());
        ArrayNode b = root.putArray("blocks");
        for (BlockEntry e : blocks) {
            b.addObject().put("block", e.index()).put("variant", e.variant()).put("first_repeat", e.firstRepeat())
                    .put("last_repeat", e.lastRepeat()).put("tests", e.tests());
        }
        ArrayNode t = root.putArray("tests");
        for (int i = 0; i < tests.size(); i++) {
            TestKey k = tests.get(i);
            t.addObject().put("position", i + 1).put("block", k.block()).put("variant", k.variant())
                    .put("direction", k.direction().label()).put("guests", k.guests()).put("streams", k.streams())
                    .put("repeat", k.repeat());
        }
        writeAtomically(file, JSON.writeValueAsBytes(root));
    }

    /** Reads a plan file; the message names the file and what is wrong with it. */
    public static PlanFile read(Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + " is not a readable plan: " + e.getMessage(), e);
        }
        if (root == null || !SCHEMA.equals(root.path("schema").asText())) {
            throw new IOException(file + " is not a plan of schema " + SCHEMA);
        }
        List<BlockEntry> blocks = new ArrayList<>();
        for (JsonNode b : root.path("blocks")) {
            blocks.add(new BlockEntry(b.path("block").asInt(), b.path("variant").asText(), b.path("first_repeat").asInt(),
                    b.path("last_repeat").asInt(), b.path("tests").asInt()));
        }
        List<TestKey> tests = new ArrayList<>();
        for (JsonNode t : root.path("tests")) {
            tests.add(new TestKey(t.path("variant").asText(),
                    TestDirection.parse(t.path("direction").asText(), file + " direction"), t.path("guests").asInt(),
                    t.path("streams").asInt(), t.path("repeat").asInt(), t.path("block").asInt()));
        }
        return new PlanFile(root.path("experiment").asText(), root.path("spec_sha256").asText(),
                root.path("test_estimate_s").asDouble(), blocks, tests);
    }

    /** Temp file in the same directory, synced, renamed over {@code file}, then the directory synced. */
    static void writeAtomically(Path file, byte[] content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true); // the rename itself is durable only once the directory is
        } catch (IOException ignored) {
            // some file systems cannot open a directory for syncing; the rename is still atomic
        }
    }
}
