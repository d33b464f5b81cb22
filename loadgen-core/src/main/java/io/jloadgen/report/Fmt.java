package io.jloadgen.report;

import java.util.Locale;

/** Number formatting shared by the tables: locale-independent, NaN as an empty field. */
final class Fmt {

    private Fmt() {
    }

    /** {@code value} with {@code decimals} digits after the point; "" for NaN or infinity. */
    static String fixed(double value, int decimals) {
        if (!Double.isFinite(value)) {
            return "";
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    /** A p-value with 4 significant digits (scientific below 1e-4); "" for NaN. */
    static String pValue(double p) {
        if (Double.isNaN(p)) {
            return "";
        }
        return String.format(Locale.ROOT, "%.4g", p);
    }

    /** Signed percentage with one decimal, e.g. "+3.1" or "-19.9"; "0.0" when it rounds to zero; "" for NaN. */
    static String signedPct(double pct) {
        if (!Double.isFinite(pct)) {
            return "";
        }
        if (Math.abs(pct) < 0.05) {
            return "0.0"; // rounding noise must not read as a direction
        }
        return String.format(Locale.ROOT, "%+.1f", pct);
    }

    /** A CSV field, quoted only when it must be (RFC 4180). */
    static String csv(String field) {
        if (field.contains(",") || field.contains("\"") || field.contains("\n")) {
            return '"' + field.replace("\"", "\"\"") + '"';
        }
        return field;
    }

    /** A Markdown table cell: pipes escaped, empty shown as a dash. */
    static String md(String cell) {
        return cell.isEmpty() ? "-" : cell.replace("|", "\\|");
    }

    /** HTML text with the five special characters escaped. */
    static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;").replace("'", "&#39;");
    }
}
