package org.pointsledger.api.definitions;

import java.util.List;
import org.pointsledger.api.web.Link;
import org.pointsledger.commands.definitions.Definition;

/** A point definition on the wire. */
record DefinitionResponse(int id, String name, String description, boolean allowNegativeBalance,
                          Integer defaultValidityMonths, List<Link> links) {

    static DefinitionResponse of(Definition definition) {
        return new DefinitionResponse(definition.id(), definition.name(),
                definition.description(), definition.allowNegativeBalance(),
                definition.defaultValidityMonths(),
                List.of(Link.get("/api/v3/point-accounts/definitions/" + definition.id(),
                        "self")));
    }
}
