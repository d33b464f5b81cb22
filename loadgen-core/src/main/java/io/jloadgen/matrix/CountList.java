package io.jloadgen.matrix;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Lists of counts as users write them in specs and on the command line: {@code 1,2,4}, {@code 1-8}, {@code 1-4,8}. */
public final class CountList {
    private CountList() {
    }

    /** Parses comma-separated numbers and inclusive ranges {@code a-b} (or {@code a..b}). */
    public static List<Integer> parse(String text, String key) {
        List<Integer> list = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                throw new SpecException(key, "empty element in '" + text + "'");
            }
            try {
                int dots = p.indexOf("..");
                int dash = p.indexOf('-', 1);
                if (dots > 0 || dash > 0) {
                    int from = Integer.parseInt(p.substring(0, dots > 0 ? dots : dash).trim());
                    int to = Integer.parseInt(p.substring(dots > 0 ? dots + 2 : dash + 1).trim());
                    if (to < from) {
                        throw new SpecException(key, "range '" + p + "' runs backwards");
                    }
                    if (to - from > 10_000) {
                        throw new SpecException(key, "range '" + p + "' is too long");
                    }
                    for (int i = from; i <= to; i++) {
                        list.add(i);
                    }
                } else {
                    list.add(Integer.parseInt(p));
                }
            } catch (NumberFormatException e) {
                throw new SpecException(key, "'" + p + "' is not a number or a range like 1-8");
            }
        }
        return list;
    }

    /** Checks bounds and duplicates; the message names {@code key} and, for the upper bound, {@code maxName}. */
    public static List<Integer> validate(List<Integer> list, String key, int min, int max, String maxName) {
        Set<Integer> seen = new HashSet<>();
        for (int n : list) {
            if (n < min) {
                throw new SpecException(key, n + " is below " + min);
            }
            if (n > max) {
                throw new SpecException(key, n + " exceeds " + maxName + " (" + max + ")");
            }
            if (!seen.add(n)) {
                throw new SpecException(key, n + " is listed twice");
            }
        }
        return List.copyOf(list);
    }
}
