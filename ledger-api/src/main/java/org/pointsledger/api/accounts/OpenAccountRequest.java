package org.pointsledger.api.accounts;

/** The body of POST /point-accounts. */
record OpenAccountRequest(String contactId, Integer definitionId) {
}
