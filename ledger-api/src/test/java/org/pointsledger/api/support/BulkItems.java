package org.pointsledger.api.support;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;

/** Items of a bulk request, as a client writes them: definition 1, stamped and valid now. */
public final class BulkItems {

    private BulkItems() {
    }

    /** One bulk item for the contact, dated {@code now}. */
    public static ObjectNode item(Instant now, String contactId, String amount, String source,
                                  String description) {
        ObjectNode item = JsonNodeFactory.instance.objectNode();
        item.put("contactId", contactId);
        item.put("amount", new BigDecimal(amount));
        item.put("definitionId", 1);
        item.put("timeStamp", now.toString());
        item.put("source", source);
        item.put("description", description);
        item.put("validFrom", now.toString());
        return item;
    }
}
