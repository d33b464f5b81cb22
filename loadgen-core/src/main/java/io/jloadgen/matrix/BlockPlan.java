package io.jloadgen.matrix;

import java.util.ArrayList;
import java.util.List;

/**
 * The whole plan of {@code jloadgen matrix SPEC --all}: the spec's {@code blocks} in order, each the full matrix of
 * its variant with {@link MatrixSpec#repeatsPerBlock()} repeats. Repeats count per variant across blocks, so with
 * {@code blocks = ["base", "patched", "patched", "base"]} and 2 repeats per block, block 1 runs base repeats 1-2
 * and block 4 base repeats 3-4: each test's key is unique without the block, and the report pools a variant's
 * blocks as it pools repeats.
 *
 * @param experiment the spec name
 * @param blocks     blocks in run order
 */
public record BlockPlan(String experiment, List<Block> blocks) {

    public BlockPlan {
        blocks = List.copyOf(blocks);
    }

    /**
     * One block: a variant measured with the whole matrix.
     *
     * @param index       1-based position in {@code blocks}
     * @param variant     the variant measured
     * @param firstRepeat its first repeat index (per variant)
     * @param plan        the block's guest sessions and tests
     */
    public record Block(int index, String variant, int firstRepeat, CampaignPlan plan) {
        public int lastRepeat() {
            return plan.sessions().stream().mapToInt(GuestSession::repeat).max().orElse(firstRepeat);
        }
    }

    public static BlockPlan expand(MatrixSpec spec) {
        int perBlock = spec.repeatsPerBlock();
        List<Block> blocks = new ArrayList<>();
        List<String> names = spec.blocks();
        for (int i = 0; i < names.size(); i++) {
            String variant = names.get(i);
            int earlier = (int) names.subList(0, i).stream().filter(variant::equals).count();
            int firstRepeat = earlier * perBlock + 1;
            blocks.add(new Block(i + 1, variant, firstRepeat,
                    CampaignPlan.expand(spec, variant, i + 1, firstRepeat, perBlock)));
        }
        return new BlockPlan(spec.name(), blocks);
    }

    /** Every test of every block, in run order (a test's position is its index here plus one). */
    public List<TestKey> tests() {
        return blocks.stream().flatMap(b -> b.plan().tests().stream()).toList();
    }

    public int testCount() {
        return blocks.stream().mapToInt(b -> b.plan().testCount()).sum();
    }

    /** The distinct variants measured, in order of first block. */
    public List<String> variants() {
        return blocks.stream().map(Block::variant).distinct().toList();
    }
}
