package io.jloadgen.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.jloadgen.config.LatencyProbeConfig;
import io.jloadgen.config.Transport;
import io.jloadgen.util.Units;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a TOML campaign spec into a validated {@link MatrixSpec}. Every problem is a {@link SpecException}
 * whose message starts with the key, so a user can find the line; unknown keys are errors, because a
 * misspelt key silently ignored would change an experiment without anyone noticing.
 */
public final class SpecReader {
    /** Characters allowed in values that are pasted into hook commands: no shell metacharacters. */
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9._:@%+=,/-]+");
    private static final int MAX_GUESTS = 1024;
    private static final int MAX_STREAMS = 128;
    private static final int MAX_BLOCKS = 100;

    private static final Set<String> TOP_KEYS = Set.of("name", "duration", "omit", "interval", "repeats",
            "guest_counts", "streams", "directions", "port", "retries", "order", "seed", "max_repeats",
            "target_ci_pct", "guests", "hooks", "variants", "selftest", "latency_probe", "probe_period", "host",
            "blocks", "block_repeats");
    private static final Set<String> HOST_KEYS = Set.of("threads");
    /** A thread-name glob: printable ASCII; {@code *} and {@code ?} are the wildcards, everything else literal. */
    private static final Pattern THREAD_GLOB = Pattern.compile("[\\x20-\\x7e]+");
    private static final int MAX_THREAD_PATTERNS = 64;
    private static final Set<String> GUEST_KEYS = Set.of("name", "address", "local");
    private static final Set<String> HOOK_KEYS = Set.of("start", "stop", "before_test", "after_test",
            "ready_timeout", "timeout");
    private static final Set<String> VARIANT_KEYS = Set.of("check", "setup", "client_args", "transport", "switch");

    private SpecReader() {
    }

    /** Reads and validates the spec at {@code file}. */
    public static MatrixSpec read(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    /** Parses and validates spec text. */
    public static MatrixSpec parse(String toml) {
        JsonNode root;
        try {
            root = new TomlMapper().readTree(toml);
        } catch (IOException e) {
            throw new SpecException("(file)", "not valid TOML: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new SpecException("(file)", "empty spec");
        }
        checkKeys(root, "", TOP_KEYS);

        String name = requiredString(root, "name");
        requireShellSafe(name, "name");
        Duration duration = duration(root, "duration", Duration.ofSeconds(10));
        if (duration.compareTo(Duration.ofSeconds(1)) < 0 || duration.compareTo(Duration.ofDays(1)) > 0) {
            throw new SpecException("duration", "must be 1s..24h, not " + text(root, "duration"));
        }
        Duration omit = duration(root, "omit", Duration.ZERO);
        if (omit.compareTo(Duration.ofHours(1)) > 0) {
            throw new SpecException("omit", "must be at most 1h");
        }
        Duration interval = duration(root, "interval", Duration.ofSeconds(1));
        if (interval.toMillis() < 100 || interval.compareTo(duration) > 0) {
            throw new SpecException("interval", "must be at least 0.1s and at most the duration");
        }
        int repeats = intValue(root, "repeats", 1, 1, 1000);
        int port = intValue(root, "port", 5201, 1, 65535);
        int retries = intValue(root, "retries", 2, 0, 100);

        List<GuestSpec> guests = guests(root);
        List<Integer> guestCounts = countList(root, "guest_counts", 1, guests.size(),
                "the " + guests.size() + " guests defined in [[guests]]");
        List<Integer> streams = countList(root, "streams", 1, MAX_STREAMS, "the limit");
        List<TestDirection> directions = directions(root);

        MatrixSpec.Order order = MatrixSpec.Order.IN_ORDER;
        if (root.has("order")) {
            String o = requiredString(root, "order");
            order = switch (o) {
                case "in-order", "sequential" -> MatrixSpec.Order.IN_ORDER;
                case "shuffled" -> MatrixSpec.Order.SHUFFLED;
                default -> throw new SpecException("order", "expected 'in-order' or 'shuffled', not '" + o + "'");
            };
        }
        // A stable default seed: a resumed or repeated campaign gets the same order unless told otherwise.
        long seed = root.has("seed") ? longValue(root, "seed") : name.hashCode() & 0xffffffffL;
        int maxRepeats = intValue(root, "max_repeats", repeats, 1, 1000);
        if (maxRepeats < repeats) {
            throw new SpecException("max_repeats", "must be at least repeats (" + repeats + "), not " + maxRepeats);
        }
        double targetCiPct = 0;
        if (root.has("target_ci_pct")) {
            JsonNode t = root.get("target_ci_pct");
            if (!t.isNumber() || t.asDouble() <= 0 || t.asDouble() >= 100) {
                throw new SpecException("target_ci_pct", "must be a number between 0 and 100, not " + t);
            }
            targetCiPct = t.asDouble();
            if (!root.has("max_repeats")) {
                throw new SpecException("target_ci_pct", "needs max_repeats, the bound on added repeats");
            }
        }
        if (repeats < 2 && targetCiPct > 0) {
            throw new SpecException("repeats", "must be at least 2 with target_ci_pct (a confidence interval needs two values)");
        }

        HookSpec hooks = hooks(root, guests);
        Map<String, VariantSpec> variants = variants(root);
        boolean selftest = true;
        if (root.has("selftest")) {
            if (!root.get("selftest").isBoolean()) {
                throw new SpecException("selftest", "must be true or false");
            }
            selftest = root.get("selftest").booleanValue();
        }
        boolean latencyProbe = false;
        if (root.has("latency_probe")) {
            if (!root.get("latency_probe").isBoolean()) {
                throw new SpecException("latency_probe", "must be true or false, not " + root.get("latency_probe"));
            }
            latencyProbe = root.get("latency_probe").booleanValue();
        }
        Duration probePeriod = duration(root, "probe_period", LatencyProbeConfig.defaults().period());
        try {
            new LatencyProbeConfig(probePeriod);
        } catch (IllegalArgumentException e) {
            throw new SpecException("probe_period", "must be 0.1ms..10s, not " + text(root, "probe_period"));
        }
        List<String> hostThreads = hostThreads(root);
        List<String> blocks = blocks(root, variants);
        int blockRepeats = intValue(root, "block_repeats", 0, 1, 1000);
        return new MatrixSpec(name, duration, omit, interval, repeats, guestCounts, streams, directions, port,
                retries, order, seed, maxRepeats, targetCiPct, guests, hooks, variants, selftest,
                latencyProbe, probePeriod, hostThreads, blocks, blockRepeats);
    }

    /** {@code blocks}: variant names in measuring order (a name may repeat); default each variant once. */
    private static List<String> blocks(JsonNode root, Map<String, VariantSpec> variants) {
        JsonNode b = root.get("blocks");
        if (b == null) {
            return List.copyOf(variants.keySet());
        }
        if (!b.isArray() || b.isEmpty()) {
            throw new SpecException("blocks", "must be a non-empty list of variant names, e.g. [\"base\", \"patched\", "
                    + "\"patched\", \"base\"]");
        }
        if (b.size() > MAX_BLOCKS) {
            throw new SpecException("blocks", "at most " + MAX_BLOCKS + " blocks, not " + b.size());
        }
        List<String> blocks = new ArrayList<>();
        for (int i = 0; i < b.size(); i++) {
            JsonNode n = b.get(i);
            if (!n.isTextual()) {
                throw new SpecException("blocks", "must hold variant names (strings), not " + n);
            }
            if (!variants.containsKey(n.textValue())) {
                throw new SpecException("blocks", "block " + (i + 1) + ": '" + n.textValue()
                        + "' is not in the spec's [variants] (known: " + String.join(", ", variants.keySet()) + ")");
            }
            blocks.add(n.textValue());
        }
        return blocks;
    }

    /** {@code [host] threads}: thread-name globs ({@code *} and {@code ?}), distinct. */
    private static List<String> hostThreads(JsonNode root) {
        JsonNode h = root.get("host");
        if (h == null) {
            return List.of();
        }
        if (!h.isObject()) {
            throw new SpecException("host", "must be a table ([host])");
        }
        checkKeys(h, "host.", HOST_KEYS);
        JsonNode t = h.get("threads");
        if (t == null) {
            return List.of();
        }
        if (!t.isArray()) {
            throw new SpecException("host.threads", "must be a list of thread-name patterns, e.g. [\"vif*\", \"ksoftirqd/*\"]");
        }
        if (t.size() > MAX_THREAD_PATTERNS) {
            throw new SpecException("host.threads", "at most " + MAX_THREAD_PATTERNS + " patterns");
        }
        List<String> patterns = new ArrayList<>();
        for (JsonNode p : t) {
            if (!p.isTextual() || p.textValue().isBlank()) {
                throw new SpecException("host.threads", "must hold non-empty strings, not " + p);
            }
            String glob = p.textValue();
            if (glob.length() > 64 || !THREAD_GLOB.matcher(glob).matches()) {
                throw new SpecException("host.threads", "'" + glob + "' is not a thread-name pattern (printable ASCII, "
                        + "wildcards * and ?, at most 64 characters)");
            }
            if (patterns.contains(glob)) {
                throw new SpecException("host.threads", "'" + glob + "' is listed twice");
            }
            patterns.add(glob);
        }
        return patterns;
    }

    private static List<GuestSpec> guests(JsonNode root) {
        JsonNode array = root.get("guests");
        if (array == null || !array.isArray() || array.isEmpty()) {
            throw new SpecException("guests", "at least one [[guests]] table is required");
        }
        if (array.size() > MAX_GUESTS) {
            throw new SpecException("guests", "at most " + MAX_GUESTS + " guests");
        }
        List<GuestSpec> guests = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> addresses = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            String key = "guests[" + (i + 1) + "]";
            JsonNode g = array.get(i);
            if (!g.isObject()) {
                throw new SpecException(key, "must be a table");
            }
            checkKeys(g, key + ".", GUEST_KEYS);
            String name = requiredString(g, "name", key + ".name");
            String address = requiredString(g, "address", key + ".address");
            requireShellSafe(name, key + ".name");
            requireShellSafe(address, key + ".address");
            if (!names.add(name)) {
                throw new SpecException(key + ".name", "'" + name + "' is used by an earlier guest");
            }
            if (!addresses.add(address)) {
                throw new SpecException(key + ".address", "'" + address + "' is used by an earlier guest");
            }
            boolean local = false;
            if (g.has("local")) {
                if (!g.get("local").isBoolean()) {
                    throw new SpecException(key + ".local", "must be true or false");
                }
                local = g.get("local").booleanValue();
            }
            guests.add(new GuestSpec(i + 1, name, address, local));
        }
        return guests;
    }

    private static HookSpec hooks(JsonNode root, List<GuestSpec> guests) {
        JsonNode h = root.get("hooks");
        if (h == null) {
            requireHooksForRemoteGuests(null, guests);
            return HookSpec.none();
        }
        if (!h.isObject()) {
            throw new SpecException("hooks", "must be a table");
        }
        checkKeys(h, "hooks.", HOOK_KEYS);
        HookSpec spec = new HookSpec(command(h, "start"), command(h, "stop"), command(h, "before_test"),
                command(h, "after_test"),
                duration(h, "ready_timeout", "hooks.ready_timeout", HookSpec.DEFAULT_READY_TIMEOUT),
                duration(h, "timeout", "hooks.timeout", HookSpec.DEFAULT_TIMEOUT));
        if (spec.readyTimeout().isZero() || spec.timeout().isZero()) {
            throw new SpecException(spec.readyTimeout().isZero() ? "hooks.ready_timeout" : "hooks.timeout", "must be positive");
        }
        requireHooksForRemoteGuests(spec, guests);
        return spec;
    }

    /** A guest that is neither local nor started by a hook is allowed: it may simply be running already. */
    private static void requireHooksForRemoteGuests(HookSpec hooks, List<GuestSpec> guests) {
        if (hooks != null && (hooks.start() == null) != (hooks.stop() == null)) {
            throw new SpecException(hooks.start() == null ? "hooks.start" : "hooks.stop",
                    "start and stop hooks come in pairs: a guest started must be stopped");
        }
    }

    private static Map<String, VariantSpec> variants(JsonNode root) {
        JsonNode v = root.get("variants");
        if (v == null || !v.isObject() || v.isEmpty()) {
            throw new SpecException("variants", "at least one [variants.NAME] table is required");
        }
        Map<String, VariantSpec> variants = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = "variants." + e.getKey();
            requireShellSafe(e.getKey(), key);
            JsonNode t = e.getValue();
            if (!t.isObject()) {
                throw new SpecException(key, "must be a table");
            }
            checkKeys(t, key + ".", VARIANT_KEYS);
            List<String> clientArgs = new ArrayList<>();
            if (t.has("client_args")) {
                JsonNode a = t.get("client_args");
                if (!a.isArray()) {
                    throw new SpecException(key + ".client_args", "must be a list of strings, e.g. [\"-w\", \"256K\"]");
                }
                for (JsonNode s : a) {
                    if (!s.isTextual()) {
                        throw new SpecException(key + ".client_args", "must be a list of strings, not " + s);
                    }
                    clientArgs.add(s.textValue());
                }
                // validated now, so a typo fails before the first guest boots, not hours later
                ClientArgs.apply(clientArgs, io.jloadgen.config.ClientConfig.builder("validate"), key + ".client_args");
            }
            Transport transport = Transport.AUTO;
            if (t.has("transport")) {
                try {
                    transport = Transport.parse(requiredString(t, "transport", key + ".transport"));
                } catch (SpecException se) {
                    throw se;
                } catch (IllegalArgumentException ex) {
                    throw new SpecException(key + ".transport", "expected auto, epoll, io_uring or nio, not '"
                            + t.get("transport").asText() + "'");
                }
            }
            variants.put(e.getKey(), new VariantSpec(e.getKey(), optionalString(t, "check", key + ".check"),
                    optionalString(t, "setup", key + ".setup"), clientArgs, transport,
                    command(t, "switch", key + ".switch")));
        }
        return variants;
    }

    private static List<TestDirection> directions(JsonNode root) {
        JsonNode d = root.get("directions");
        if (d == null) {
            return List.of(TestDirection.HOST_TO_GUEST, TestDirection.GUEST_TO_HOST);
        }
        if (!d.isArray() || d.isEmpty()) {
            throw new SpecException("directions", "must be a non-empty list of " + TestDirection.labels());
        }
        List<TestDirection> list = new ArrayList<>();
        for (JsonNode n : d) {
            TestDirection dir = TestDirection.parse(n.asText(), "directions");
            if (list.contains(dir)) {
                throw new SpecException("directions", "'" + dir.label() + "' is listed twice");
            }
            list.add(dir);
        }
        return list;
    }

    /** A list of counts, written {@code [1, 2, 4]} or as a range {@code "1-8"}. */
    private static List<Integer> countList(JsonNode root, String key, int min, int max, String maxName) {
        JsonNode n = root.get(key);
        if (n == null) {
            if (key.equals("guest_counts")) {
                List<Integer> all = new ArrayList<>();
                for (int i = 1; i <= max; i++) {
                    all.add(i);
                }
                return all;
            }
            return List.of(1);
        }
        List<Integer> list;
        if (n.isTextual()) {
            list = CountList.parse(n.textValue(), key);
        } else if (n.isArray() && !n.isEmpty()) {
            list = new ArrayList<>();
            for (JsonNode e : n) {
                if (!e.canConvertToInt() || !e.isIntegralNumber()) {
                    throw new SpecException(key, "must hold whole numbers, not " + e);
                }
                list.add(e.intValue());
            }
        } else {
            throw new SpecException(key, "must be a non-empty list like [1, 2, 4] or a range like \"1-8\"");
        }
        return CountList.validate(list, key, min, max, maxName);
    }

    private static void checkKeys(JsonNode table, String prefix, Set<String> known) {
        for (Iterator<String> it = table.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                throw new SpecException(prefix + k, "unknown key (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
    }

    private static void requireShellSafe(String value, String key) {
        if (!SHELL_SAFE.matcher(value).matches()) {
            throw new SpecException(key, "'" + value + "' may hold only letters, digits and ._:@%+=,/- "
                    + "(it is pasted into shell hooks)");
        }
    }

    private static String requiredString(JsonNode node, String field) {
        return requiredString(node, field, field);
    }

    private static String requiredString(JsonNode node, String field, String key) {
        JsonNode n = node.get(field);
        if (n == null) {
            throw new SpecException(key, "is required");
        }
        if (!n.isTextual() || n.textValue().isBlank()) {
            throw new SpecException(key, "must be a non-empty string, not " + n);
        }
        return n.textValue();
    }

    private static String optionalString(JsonNode node, String field, String key) {
        return node.has(field) ? requiredString(node, field, key) : null;
    }

    /** A hook command; TOML's multi-line strings bring a leading or trailing newline that means nothing. */
    private static String command(JsonNode hooks, String field) {
        return command(hooks, field, "hooks." + field);
    }

    private static String command(JsonNode table, String field, String key) {
        String c = optionalString(table, field, key);
        return c == null ? null : c.strip();
    }

    private static String text(JsonNode node, String field) {
        return node.has(field) ? node.get(field).asText() : "(default)";
    }

    private static Duration duration(JsonNode node, String field, Duration fallback) {
        return duration(node, field, field, fallback);
    }

    /** A duration: a string with unit ("120s", "2m", "500ms") or a number of seconds. */
    private static Duration duration(JsonNode node, String field, String key, Duration fallback) {
        JsonNode n = node.get(field);
        if (n == null) {
            return fallback;
        }
        try {
            if (n.isNumber()) {
                return Units.parseDuration(n.asText());
            }
            if (n.isTextual()) {
                return Units.parseDuration(n.textValue());
            }
        } catch (IllegalArgumentException e) {
            throw new SpecException(key, "not a duration: '" + n.asText() + "' (write e.g. \"120s\", \"2m\", \"500ms\")");
        }
        throw new SpecException(key, "must be a duration like \"120s\", not " + n);
    }

    private static int intValue(JsonNode node, String field, int fallback, int min, int max) {
        JsonNode n = node.get(field);
        if (n == null) {
            return fallback;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < min || n.intValue() > max) {
            throw new SpecException(field, "must be a whole number " + min + ".." + max + ", not " + n);
        }
        return n.intValue();
    }

    private static long longValue(JsonNode node, String field) {
        JsonNode n = node.get(field);
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new SpecException(field, "must be a whole number, not " + n);
        }
        return n.longValue();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
