package org.pointsledger.api.outage;

import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the tests that cut the service off its database: the service's datasource points
 * through a {@link TcpProxy} in front of the test database, which the test stops or freezes.
 */
abstract class ThroughTcpProxy {

    static TcpProxy proxy;

    @DynamicPropertySource
    static void databaseThroughProxy(DynamicPropertyRegistry registry) throws Exception {
        proxy = TcpProxy.inFrontOfTestDatabase(registry);
    }

    @AfterAll
    static void closeProxy() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
    }
}
