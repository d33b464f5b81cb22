package io.jloadgen.report;

import java.util.Comparator;

/**
 * One cell of a campaign: what a set of repeats have in common.
 *
 * @param variant   system variant label, e.g. {@code base}
 * @param direction {@code host-to-guest}, {@code guest-to-host} or {@code bidir}
 * @param guests    number of active guests
 * @param streams   TCP streams per guest
 */
public record CellKey(String variant, String direction, int guests, int streams) implements Comparable<CellKey> {

    private static final Comparator<CellKey> ORDER = Comparator.comparing(CellKey::variant)
            .thenComparing(CellKey::direction)
            .thenComparingInt(CellKey::streams)
            .thenComparingInt(CellKey::guests);

    /** The same cell under another variant. */
    public CellKey withVariant(String otherVariant) {
        return new CellKey(otherVariant, direction, guests, streams);
    }

    @Override
    public int compareTo(CellKey o) {
        return ORDER.compare(this, o);
    }
}
