package org.pointsledger.domain.account;

import java.util.List;

/** Which items of a {@link BulkAdd} were refused, by their position in it, and why. */
public record BulkAddResult(List<RefusedItem> refused) {

    public BulkAddResult {
        refused = List.copyOf(refused);
    }

    public record RefusedItem(int position, String reason) {
    }
}
