package org.pointsledger.commands.definitions;

/**
 * A point definition: a kind of points, each contact having one account per definition.
 *
 * @param defaultValidityMonths when set, an addition sent without validTo expires that many
 *     calendar months after its validFrom; when null it never expires
 */
public record Definition(int id, String name, String description, boolean allowNegativeBalance,
                         Integer defaultValidityMonths) {
}
