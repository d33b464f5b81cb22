package io.jloadgen.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jloadgen.matrix.ResultRecord;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads every {@code *.jsonl} file under a directory (recursively, in path order) into result records.
 * A line that is not a valid record (bad JSON, wrong schema, no variant or direction, a guest count below 1)
 * is skipped with a warning naming file and line: one torn line from a killed campaign must not cost the
 * whole report. A JSON object without any {@code schema} field is another file's business (the matrix keeps
 * its switch journal, {@code switches.jsonl}, beside the results) and is skipped silently.
 */
public final class RecordReader {

    /**
     * What was read.
     *
     * @param records  valid records, in file then line order
     * @param warnings one line per skipped input line
     * @param files    number of {@code .jsonl} files read
     */
    public record Result(List<ResultRecord> records, List<String> warnings, int files) {
    }

    private final ObjectMapper mapper = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
            .configure(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES, false);

    /** Reads {@code dir}; the directory must exist. */
    public Result read(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".jsonl"))
                    .sorted()
                    .toList();
        }
        List<ResultRecord> records = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (Path file : files) {
            readFile(dir.relativize(file), file, records, warnings);
        }
        return new Result(List.copyOf(records), List.copyOf(warnings), files.size());
    }

    private void readFile(Path shownAs, Path file, List<ResultRecord> records, List<String> warnings)
            throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String where = shownAs + ":" + lineNo + ": ";
                ResultRecord r;
                try {
                    JsonNode node = mapper.readTree(line);
                    if (node.isObject() && !node.has("schema")) {
                        continue; // another tool's JSON line, e.g. the matrix's switches.jsonl journal
                    }
                    r = mapper.treeToValue(node, ResultRecord.class);
                } catch (IOException | RuntimeException e) {
                    warnings.add(where + "skipped, not a result record (" + firstLine(e.getMessage()) + ")");
                    continue;
                }
                String problem = problem(r);
                if (problem != null) {
                    warnings.add(where + "skipped, " + problem);
                } else {
                    records.add(r);
                }
            }
        }
    }

    private static String problem(ResultRecord r) {
        if (r == null) {
            return "empty record";
        }
        if (!ResultRecord.SCHEMA.equals(r.schema())) {
            return "schema is " + r.schema() + ", expected " + ResultRecord.SCHEMA;
        }
        if (r.variant() == null || r.variant().isBlank()) {
            return "no variant";
        }
        if (r.direction() == null || r.direction().isBlank()) {
            return "no direction";
        }
        if (r.guests() < 1 || r.streams() < 1) {
            return "guests and streams must be at least 1";
        }
        if (r.status() == null) {
            return "no status";
        }
        return null;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
