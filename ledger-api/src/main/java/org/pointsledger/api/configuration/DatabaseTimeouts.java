package org.pointsledger.api.configuration;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Bounds how long a request can wait on an unreachable PostgreSQL, so that it answers 503
 * instead of hanging. Hikari's own timeouts (how long to wait for a connection, and to check
 * one) are in application.yml; these are the driver's: how long to open a connection and how
 * long to wait for any one answer of the server. The socket timeout must fit the slowest
 * legitimate statement, a JDBC batch of a 1000-item bulk (well under a second here), with a
 * wide margin. H2 runs in-process and needs none of them.
 */
@Configuration
class DatabaseTimeouts {

    static final String PREFIX = "ledger.database.";

    @Bean
    static BeanPostProcessor postgresTimeouts(Environment environment) {
        Binder binder = Binder.get(environment);
        Duration connect = binder.bind(PREFIX + "connect-timeout", Duration.class)
                .orElse(Duration.ofSeconds(3));
        Duration socket = binder.bind(PREFIX + "socket-timeout", Duration.class)
                .orElse(Duration.ofSeconds(60));
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String name) {
                if (bean instanceof HikariDataSource pool && pool.getJdbcUrl() != null
                        && pool.getJdbcUrl().startsWith("jdbc:postgresql:")) {
                    // As strings: Hikari hands these to the driver as java.util.Properties,
                    // whose getProperty answers null for any other type, so a number here
                    // would be silently ignored (no timeout at all).
                    pool.addDataSourceProperty("connectTimeout", seconds(connect));
                    pool.addDataSourceProperty("loginTimeout", seconds(connect));
                    pool.addDataSourceProperty("socketTimeout", seconds(socket));
                    pool.addDataSourceProperty("tcpKeepAlive", "true");
                }
                return bean;
            }
        };
    }

    private static String seconds(Duration duration) {
        return String.valueOf(duration.toSeconds());
    }
}
