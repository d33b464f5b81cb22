package io.jloadgen.report;

import java.util.Comparator;
import java.util.List;

/**
 * One cell of a campaign: what a set of repeats have in common.
 *
 * @param variant   system variant label, e.g. {@code base}
 * @param direction {@code host-to-guest}, {@code guest-to-host} or {@code bidir}
 * @param guests    number of active guests
 * @param streams   TCP streams per guest
 */
public record CellKey(String variant, String direction, int guests, int streams) implements Comparable<CellKey> {

    /** The reference experiment's order: host-to-guest first, then guest-to-host, bidir, anything else. */
    private static final List<String> DIRECTION_ORDER = List.of("host-to-guest", "guest-to-host", "bidir");

    /** Directions in report order (see {@link #DIRECTION_ORDER}), unknown ones last and alphabetically. */
    public static final Comparator<String> DIRECTIONS = Comparator
            .comparingInt((String d) -> DIRECTION_ORDER.contains(d) ? DIRECTION_ORDER.indexOf(d) : DIRECTION_ORDER.size())
            .thenComparing(Comparator.naturalOrder());

    private static final Comparator<CellKey> ORDER = Comparator.comparing(CellKey::variant)
            .thenComparing(CellKey::direction, DIRECTIONS)
            .thenComparingInt(CellKey::streams)
            .thenComparingInt(CellKey::guests);

    /** The same cell under another variant. */
    public CellKey withVariant(String otherVariant) {
        return new CellKey(otherVariant, direction, guests, streams);
    }

    /** The same cell with another guest count (0 names a whole direction and stream count). */
    public CellKey withGuests(int otherGuests) {
        return new CellKey(variant, direction, otherGuests, streams);
    }

    @Override
    public int compareTo(CellKey o) {
        return ORDER.compare(this, o);
    }
}
