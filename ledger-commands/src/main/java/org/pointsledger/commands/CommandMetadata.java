package org.pointsledger.commands;

/** The metadata every command, and so every event, carries: who and why. */
public final class CommandMetadata {

    /** The id of the HTTP request (or job run) that caused the command. */
    public static final String REQUEST_ID = "requestId";
    /** Who caused it: the API key's name, or the name of the job. */
    public static final String CAUSED_BY = "causedBy";

    public static final String[] KEYS = {REQUEST_ID, CAUSED_BY};

    private CommandMetadata() {
    }
}
