package org.pointsledger.api.rebuild;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code java -jar ledger-api-*.jar --rebuild-projections}: starts the service without its web
 * server (and with its expiry sweep out of the way, so the command writes nothing of its own),
 * on the configured database and its migrations, rebuilds the read models as the admin
 * endpoint would, logs progress, and exits 0 on success or 1 on failure. A service running
 * on the same database meanwhile keeps answering; the two never rebuild at once (409 / exit 1).
 */
public final class RebuildCommandLine {

    public static final String OPTION = "--rebuild-projections";
    /** What the command exits with when the rebuild failed or could not start. */
    public static final int FAILURE_EXIT_CODE = 1;
    private static final String SWEEP_OUT_OF_THE_WAY = "--ledger.expiry.sweep-interval=3650d";

    private RebuildCommandLine() {
    }

    public static boolean isRequested(String[] args) {
        return Arrays.asList(args).contains(OPTION);
    }

    /** Runs the rebuild and answers the process's exit code. */
    public static int run(Class<?> application, String[] args) {
        List<String> arguments = new ArrayList<>(Arrays.asList(args));
        arguments.add(SWEEP_OUT_OF_THE_WAY);
        SpringApplication spring = new SpringApplication(application);
        spring.setWebApplicationType(WebApplicationType.NONE);
        try (ConfigurableApplicationContext context =
                     spring.run(arguments.toArray(String[]::new))) {
            boolean succeeded;
            try {
                succeeded = context.getBean(ProjectionRebuild.class).runNow();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(RebuildCommandLine.class)
                        .error("Rebuild of the read models could not start", e);
                succeeded = false;
            }
            int exitCode = succeeded ? 0 : FAILURE_EXIT_CODE;
            return SpringApplication.exit(context, () -> exitCode);
        }
    }
}
