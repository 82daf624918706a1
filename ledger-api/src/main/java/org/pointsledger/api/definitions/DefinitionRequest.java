package org.pointsledger.api.definitions;

/** The body of PUT /point-accounts/definitions/{id}. */
record DefinitionRequest(String name, String description, Boolean allowNegativeBalance,
                         Integer defaultValidityMonths) {
}
