package io.jloadgen.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/** Type- and range-checked reads of peer JSON fields (CVE-2024-53580: unchecked parameters crashed iperf3). */
final class JsonFields {
    private JsonFields() {
    }

    static long longIn(JsonNode obj, String key, long dflt, long min, long max) throws ProtocolException {
        JsonNode v = obj.get(key);
        if (v == null) {
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new ProtocolException("parameter '" + key + "' must be an integer");
        }
        long value = v.longValue();
        if (value < min || value > max) {
            throw new ProtocolException("parameter '" + key + "' = " + value + " outside " + min + ".." + max);
        }
        return value;
    }

    static int intIn(JsonNode obj, String key, int dflt, int min, int max) throws ProtocolException {
        return (int) longIn(obj, key, dflt, min, max);
    }

    static double doubleIn(JsonNode obj, String key, double dflt, double min, double max) throws ProtocolException {
        JsonNode v = obj.get(key);
        if (v == null) {
            return dflt;
        }
        if (!v.isNumber()) {
            throw new ProtocolException("field '" + key + "' must be a number");
        }
        double value = v.doubleValue();
        if (!(value >= min && value <= max)) {
            throw new ProtocolException("field '" + key + "' = " + value + " outside " + min + ".." + max);
        }
        return value;
    }

    /** iperf3 writes booleans as {@code true} or as the integer 1. */
    static boolean flag(JsonNode obj, String key) throws ProtocolException {
        JsonNode v = obj.get(key);
        if (v == null) {
            return false;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber()) {
            return v.longValue() != 0;
        }
        throw new ProtocolException("parameter '" + key + "' must be a boolean");
    }

    static String string(JsonNode obj, String key, int maxLength) throws ProtocolException {
        JsonNode v = obj.get(key);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw new ProtocolException("parameter '" + key + "' must be a string");
        }
        String s = v.textValue();
        if (s.length() > maxLength) {
            throw new ProtocolException("parameter '" + key + "' longer than " + maxLength + " characters");
        }
        return s;
    }
}
