package org.pointsledger.api.accounts;

import java.util.regex.Pattern;
import org.pointsledger.api.problems.RequestValidation;

/** A contact id: an opaque string of 1 to 64 characters from [A-Za-z0-9._-]. */
public final class ContactIds {

    public static final int CONTACT_ID_LENGTH_MAX = 64;
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private ContactIds() {
    }

    public static void check(String contactId, String field, RequestValidation validation) {
        validation.require(contactId != null, field, "is required");
        validation.matches(contactId, WELL_FORMED, field,
                "must be 1 to " + CONTACT_ID_LENGTH_MAX + " characters from [A-Za-z0-9._-]");
    }
}
