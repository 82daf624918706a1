package org.pointsledger.api.support;

import java.util.Set;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.core.type.filter.TypeFilter;
import org.springframework.util.ClassUtils;

/**
 * What the web slice holds beside what {@code @WebMvcTest} takes by itself (controllers,
 * filters, the problem advice): the services behind the controllers, real, and the
 * configuration of the wire format. They read and write through the slice's {@link Tripwire}.
 * Named by class name because most are package-private; a name that no longer names a class
 * stops every slice at start-up.
 */
public final class WebSliceBeans {

    /** The classes the slice adds to {@code @WebMvcTest}'s own. */
    static final Set<String> INCLUDED = Set.of(
            // The API's own: the wire format, the problem writer, the audit and bulk services.
            "org.pointsledger.api.configuration.JsonConfiguration",
            "org.pointsledger.api.problems.ProblemWriter",
            "org.pointsledger.api.audit.AccountHistory",
            "org.pointsledger.api.audit.LedgerVerifier",
            "org.pointsledger.api.transactions.BulkItems",
            // The command side, which sends commands and claims transaction ids.
            "org.pointsledger.commands.LedgerCommands",
            "org.pointsledger.commands.definitions.Definitions",
            "org.pointsledger.commands.transactionids.TransactionIdClaims",
            "org.pointsledger.commands.transactions.BulkRequests",
            "org.pointsledger.commands.transactions.BulkWriter",
            "org.pointsledger.commands.transactions.IdempotencyKeys",
            "org.pointsledger.commands.transactions.TransactionIdempotency",
            "org.pointsledger.commands.transactions.TransactionWriter",
            // The read models' queries.
            "org.pointsledger.projections.ReadModelWrites",
            "org.pointsledger.projections.balances.AccountQueries",
            "org.pointsledger.projections.feed.TransactionFeedQueries",
            "org.pointsledger.projections.transactions.TransactionQueries");

    /**
     * The controllers the slice leaves out: theirs are the admin operations on Axon's event
     * processors (dead letters, rebuild), which need Axon itself. The API key filter still
     * guards their paths in the slice; what it lets in is answered 404.
     */
    static final Set<String> EXCLUDED = Set.of(
            "org.pointsledger.api.deadletters.DeadLettersController",
            "org.pointsledger.api.rebuild.ProjectionsController");

    private WebSliceBeans() {
    }

    /** Adds {@link #INCLUDED} to the slice. */
    public static final class Included extends ByName {

        public Included() {
            super(INCLUDED);
        }
    }

    /** Keeps {@link #EXCLUDED} out of the slice. */
    public static final class Excluded extends ByName {

        public Excluded() {
            super(EXCLUDED);
        }
    }

    private abstract static class ByName implements TypeFilter {

        private final Set<String> names;

        ByName(Set<String> names) {
            for (String name : names) {
                if (!ClassUtils.isPresent(name, WebSliceBeans.class.getClassLoader())) {
                    throw new IllegalStateException("The web slice names " + name
                            + ", which no longer exists: update WebSliceBeans");
                }
            }
            this.names = names;
        }

        @Override
        public boolean match(MetadataReader reader, MetadataReaderFactory factory) {
            return names.contains(reader.getClassMetadata().getClassName());
        }
    }
}
