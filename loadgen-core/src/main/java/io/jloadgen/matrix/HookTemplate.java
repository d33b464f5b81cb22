package io.jloadgen.matrix;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fills {@code {placeholder}}s into a hook command. Only the placeholders given are replaced; any other
 * brace text (shell {@code ${VAR}} of another name, {@code {a,b}} expansions) stays as written. Values are
 * pasted as they are: {@link SpecReader} admits only shell-safe names and addresses.
 */
public final class HookTemplate {
    private HookTemplate() {
    }

    public static String fill(String template, Map<String, String> values) {
        StringBuilder out = new StringBuilder(template.length() + 32);
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '{') {
                int close = template.indexOf('}', i + 1);
                if (close > 0) {
                    String value = values.get(template.substring(i + 1, close));
                    if (value != null) {
                        out.append(value);
                        i = close + 1;
                        continue;
                    }
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    /** The placeholders of a per-guest hook: {name} {address} {index} {variant}. */
    public static Map<String, String> forGuest(GuestSpec guest, String variant) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("name", guest.name());
        m.put("address", guest.address());
        m.put("index", Integer.toString(guest.index()));
        m.put("variant", variant);
        return m;
    }

    /** The placeholders of a per-test hook: {variant} {direction} {guests} {streams} {repeat}. */
    public static Map<String, String> forTest(TestKey key) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("variant", key.variant());
        m.put("direction", key.direction().label());
        m.put("guests", Integer.toString(key.guests()));
        m.put("streams", Integer.toString(key.streams()));
        m.put("repeat", Integer.toString(key.repeat()));
        return m;
    }
}
