package org.pointsledger.commands.transactions;

import org.springframework.dao.DuplicateKeyException;

/** Recognises the failure of a unit of work that lost the race for a transaction id. */
final class DuplicateKeys {

    private DuplicateKeys() {
    }

    static boolean causedBy(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DuplicateKeyException) {
                return true;
            }
        }
        return false;
    }
}
