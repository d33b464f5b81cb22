package io.jloadgen.matrix;

import io.jloadgen.host.HostInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * One variant's campaign as {@code jloadgen matrix} runs it: the spec file read and overridden, the variant
 * chosen, the plan expanded, the result file located. The CLI's single entry into {@code matrix}.
 */
public final class Campaign {
    private final MatrixSpec spec;
    private final String specSha256;
    private final String variant;
    private final Path resultFile;
    private final CampaignPlan plan;

    private Campaign(MatrixSpec spec, String specSha256, String variant, Path resultFile) {
        this.spec = spec;
        this.specSha256 = specSha256;
        this.variant = variant;
        this.resultFile = resultFile;
        this.plan = CampaignPlan.expand(spec, variant);
    }

    /**
     * Reads {@code specFile}, applies {@code overrides} and picks the variant: {@code variantName}, or the
     * spec's only variant when null.
     *
     * @throws SpecException for anything wrong in the spec or the options (a usage error)
     */
    public static Campaign prepare(Path specFile, SpecOverrides overrides, String variantName, Path outDir)
            throws IOException {
        byte[] bytes = Files.readAllBytes(specFile);
        MatrixSpec spec = overrides.applyTo(SpecReader.parse(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)));
        String variant = variantName;
        if (variant == null) {
            if (spec.variants().size() != 1) {
                throw new SpecException("--variant", "required: the spec has variants "
                        + String.join(", ", spec.variants().keySet()));
            }
            variant = spec.variants().keySet().iterator().next();
        }
        spec.variant(variant);
        return new Campaign(spec, sha256(bytes), variant, ResultStore.fileFor(outDir, spec.name(), variant));
    }

    public MatrixSpec spec() {
        return spec;
    }

    public String variant() {
        return variant;
    }

    public CampaignPlan plan() {
        return plan;
    }

    public Path resultFile() {
        return resultFile;
    }

    /** Tests of the plan already in the result file (read-only; the file is not repaired). */
    public Set<TestKey> recorded() throws IOException {
        return ResultStore.readRecords(resultFile).stream().map(TestKey::of).collect(Collectors.toSet());
    }

    /**
     * Runs the campaign. Without {@code resume}, a result file that already holds records is refused, so two
     * runs are never mixed by accident.
     *
     * @param onStart receives the runner before it starts, for a stop request on SIGINT
     * @throws SpecException when results exist and {@code resume} is false
     */
    public CampaignOutcome run(boolean resume, ProgressListener progress, Path hookDir, Consumer<CampaignRunner> onStart)
            throws IOException {
        try (ResultStore store = ResultStore.open(resultFile)) {
            if (!resume && !store.records().isEmpty()) {
                throw new SpecException("--resume", resultFile + " already holds " + store.records().size()
                        + " results: add --resume to continue that campaign, or choose another --out");
            }
            if (store.truncatedBytes() > 0) {
                progress.message("cut a torn last line (" + store.truncatedBytes() + " bytes) off " + resultFile
                        + ": its test runs again");
            }
            RecordAssembler records = new RecordAssembler(spec,
                    RecordAssembler.environment(spec, spec.variant(variant), specSha256, HostInfo.read()));
            CampaignRunner runner = new CampaignRunner(spec, variant, store, new HookRunner(hookDir), progress, records,
                    TestLauncher.API);
            onStart.accept(runner);
            return runner.run();
        }
    }

    /** Identifies the exact spec text a record was made with. */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
