package org.pointsledger.api.web;

import java.util.List;
import java.util.function.Function;
import org.pointsledger.projections.Page;

/** A page of a list, in the points API's shape; {@code count} is the number of items in it. */
public record PageResponse<T>(List<Link> links, int count, int offset, List<T> items,
                              long totalCount) {

    public static <V, T> PageResponse<T> of(Page<V> page, Function<V, T> mapping) {
        List<T> items = page.items().stream().map(mapping).toList();
        return new PageResponse<>(List.of(), items.size(), page.offset(), items,
                page.totalCount());
    }
}
