package org.pointsledger.api.problems;

import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;

/**
 * What Tomcat refuses before any servlet runs (a NUL or an encoded slash in the path) is
 * answered as problem+json too, in place of Tomcat's HTML error page.
 */
public class ContainerErrorProblems extends ErrorReportValve {

    private final ProblemWriter problems;

    ContainerErrorProblems(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    protected void report(Request request, Response response, Throwable failure) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                // Tomcat's own reporter: the servlet response is not to be used here.
                writer.write(problems.json(ProblemWriter.problem(HttpStatusCode.valueOf(status),
                        "refused", title, "The request cannot be served: " + title + ".")));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The connection is gone or the answer already started: nothing more to say.
        }
    }

    @Configuration
    static class Installation {

        @Bean
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> containerErrorProblems(
                ProblemWriter problems) {
            return factory -> factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    host.setErrorReportValveClass(ContainerErrorProblems.class.getName());
                    host.getPipeline().addValve(new ContainerErrorProblems(problems));
                }
            });
        }
    }
}
