package io.jloadgen.matrix;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(10)
class ResultStoreTest {
    @TempDir
    Path dir;

    static ResultRecord record(String variant, TestDirection d, int guests, int streams, int repeat, double gbps) {
        return new ResultRecord(ResultRecord.SCHEMA, "t", variant, d.label(), guests, streams, repeat, null,
                ResultRecord.STATUS_OK, null, "2026-01-01T00:00:00Z", 5, 1, gbps, List.of(gbps), 12.5, 3.0, 0L, 1.0,
                null, 1.0, List.of(List.of(gbps)), List.of(12.5), null, List.of(), null, null, null);
    }

    @Test
    void appendsOneLinePerRecordAndReadsThemBack() throws IOException {
        Path file = ResultStore.fileFor(dir, "exp", "base");
        assertThat(file).isEqualTo(dir.resolve("exp").resolve("base.jsonl"));
        try (ResultStore store = ResultStore.open(file)) {
            store.append(record("base", TestDirection.HOST_TO_GUEST, 1, 1, 1, 9.5));
            store.append(record("base", TestDirection.GUEST_TO_HOST, 1, 1, 1, 8.25));
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("{\"schema\":\"jloadgen.result/1\",\"experiment\":\"t\",\"variant\":\"base\","
                + "\"direction\":\"host-to-guest\",\"guests\":1,\"streams\":1,\"repeat\":1,");
        assertThat(lines.get(0)).contains("\"error\":null").contains("\"throughput_gbps\":9.5")
                .doesNotContain("\"block\"");
        try (ResultStore store = ResultStore.open(file)) {
            assertThat(store.records()).extracting(ResultRecord::throughputGbps).containsExactly(9.5, 8.25);
            assertThat(store.recordedKeys()).containsExactlyInAnyOrder(
                    new TestKey("base", TestDirection.HOST_TO_GUEST, 1, 1, 1),
                    new TestKey("base", TestDirection.GUEST_TO_HOST, 1, 1, 1));
            assertThat(store.truncatedBytes()).isZero();
        }
    }

    /** A stop request interrupts the campaign thread; a record written meanwhile must still land, whole. */
    @Test
    void anInterruptedThreadStillAppendsDurably() throws IOException {
        Path file = dir.resolve("v.jsonl");
        try (ResultStore store = ResultStore.open(file)) {
            Thread.currentThread().interrupt();
            try {
                store.append(record("v", TestDirection.HOST_TO_GUEST, 1, 1, 1, 1));
                store.append(record("v", TestDirection.HOST_TO_GUEST, 1, 1, 2, 1));
                assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is left for the caller").isTrue();
            } finally {
                Thread.interrupted();
            }
        }
        try (ResultStore store = ResultStore.open(file)) {
            assertThat(store.records()).hasSize(2);
            assertThat(store.truncatedBytes()).isZero();
        }
    }

    @Test
    void refusesADuplicateKey() throws IOException {
        Path file = dir.resolve("v.jsonl");
        try (ResultStore store = ResultStore.open(file)) {
            store.append(record("v", TestDirection.BIDIR, 2, 3, 1, 1));
        }
        try (ResultStore store = ResultStore.open(file)) {
            assertThatThrownBy(() -> store.append(record("v", TestDirection.BIDIR, 2, 3, 1, 2)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("already recorded: v bidir guests=2 streams=3 repeat=1");
            store.append(record("v", TestDirection.BIDIR, 2, 3, 2, 2));
        }
        assertThat(Files.readAllLines(file)).hasSize(2);
    }

    @Test
    void cutsOffATornLastLineAndAppendsAfterTheGoodOnes() throws IOException {
        Path file = dir.resolve("v.jsonl");
        try (ResultStore store = ResultStore.open(file)) {
            store.append(record("v", TestDirection.HOST_TO_GUEST, 1, 1, 1, 1));
        }
        String torn = "{\"schema\":\"jloadgen.result/1\",\"experiment\":\"t\",\"vari";
        Files.writeString(file, torn, StandardOpenOption.APPEND);
        long intactSize = Files.size(file) - torn.length();
        try (ResultStore store = ResultStore.open(file)) {
            assertThat(store.truncatedBytes()).isEqualTo(torn.length());
            assertThat(Files.size(file)).isEqualTo(intactSize);
            assertThat(store.records()).hasSize(1);
            store.append(record("v", TestDirection.HOST_TO_GUEST, 1, 1, 2, 2));
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2).allSatisfy(l -> assertThat(l).startsWith("{").endsWith("}"));
    }

    @Test
    void finishesACompleteLastLineWhoseNewlineWasLost() throws IOException {
        Path file = dir.resolve("v.jsonl");
        try (ResultStore store = ResultStore.open(file)) {
            store.append(record("v", TestDirection.HOST_TO_GUEST, 1, 1, 1, 1));
        }
        String content = Files.readString(file);
        Files.writeString(file, content.substring(0, content.length() - 1)); // drop the '\n'
        try (ResultStore store = ResultStore.open(file)) {
            assertThat(store.records()).hasSize(1);
            store.append(record("v", TestDirection.HOST_TO_GUEST, 1, 1, 2, 1));
        }
        assertThat(Files.readAllLines(file)).hasSize(2);
    }

    @Test
    void aBadLineBeforeTheLastIsAnErrorNamingTheLine() throws IOException {
        Path file = dir.resolve("v.jsonl");
        Files.write(file, List.of("not json", "{}"), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ResultStore.open(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("v.jsonl line 1 is not a result record");
        assertThat(Files.readAllLines(file)).containsExactly("not json", "{}");
    }

    @Test
    void aSecondWriterIsRefused() throws IOException {
        Path file = dir.resolve("v.jsonl");
        try (ResultStore ignored = ResultStore.open(file)) {
            assertThatThrownBy(() -> ResultStore.open(file)).isInstanceOf(IOException.class)
                    .hasMessageEndingWith("is in use by another jloadgen matrix");
        }
        ResultStore.open(file).close(); // released on close
    }
}
