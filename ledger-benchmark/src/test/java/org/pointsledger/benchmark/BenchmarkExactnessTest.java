package org.pointsledger.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * Proves the benchmark's answers are exact on a small run: every balance, every bulk answer
 * item by item, every single add, the rebuild. Never its speed: the build's machine is not
 * the one the figures are measured on.
 */
class BenchmarkExactnessTest {

    @Test
    void smallRun_findsEveryAnswerExact_onPostgres() {
        String url = System.getenv("LEDGER_TEST_DB_URL");
        assumeTrue(url != null && url.startsWith("jdbc:postgresql:"), "needs PostgreSQL:"
                + " LEDGER_TEST_DB_URL names none (the benchmark makes its own databases on"
                + " that server)");
        assumeTrue(Wrk.installed(), "needs wrk (apt-get install wrk)");
        assumeTrue(Pgbench.installed(), "needs pgbench (PostgreSQL's client programs)");
        BenchmarkOptions options = BenchmarkOptions.fromSystem(Size.SMALL,
                "mvn -B verify (BenchmarkExactnessTest)");

        // Any answer that is not exactly as expected ends the run with CheckFailed.
        String table = new Benchmark(options).run().markdown();

        System.out.println(table);
        assertThat(table.lines().filter(line -> line.matches(
                "\\| (bulk|single adds|reads|hot account|rebuild|memory): .*"))).hasSize(6);
    }
}
