package dev.wharf.api.protocol;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A map-typed member of an output shape (for example CloudWatch's {@code DatapointValueMap}), as
 * opposed to a structure, which operations return as a {@code Map} of member names. The two look
 * alike in CBOR and JSON; in the query protocol's XML a map is a list of {@code <entry><key/>
 * <value/></entry>} while a structure has one element per member.
 *
 * @param entries key to value, sorted by key
 */
public record WireMap(SortedMap<String, ?> entries) {
  public WireMap {
    entries = Collections.unmodifiableSortedMap(new TreeMap<>(entries));
  }
}
