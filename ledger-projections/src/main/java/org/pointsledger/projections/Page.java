package org.pointsledger.projections;

import java.util.List;

/** One page of a list read: the items from {@code offset} on, and how many there are in all. */
public record Page<T>(List<T> items, long totalCount, int offset) {

    public Page {
        items = List.copyOf(items);
    }
}
