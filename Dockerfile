# The points ledger as a container image: built from source in a Maven stage, run on a JRE.
#
#   Build stage: the same command as the README's run command, tests skipped (CI runs them).
#   Run stage:   the repackaged Spring Boot jar as /app/ledger.jar, as a non-root user.
#
# Without LEDGER_DB_URL the service keeps its data in an embedded H2 file under /app/data
# (mount a volume there to keep it); docker-compose.yml runs it on PostgreSQL instead.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
# Only the poms and sources: a target/ or data/ directory of the host never enters the build.
COPY pom.xml ./
COPY ledger-domain/pom.xml ledger-domain/
COPY ledger-domain/src ledger-domain/src
COPY ledger-eventstore/pom.xml ledger-eventstore/
COPY ledger-eventstore/src ledger-eventstore/src
COPY ledger-projections/pom.xml ledger-projections/
COPY ledger-projections/src ledger-projections/src
COPY ledger-commands/pom.xml ledger-commands/
COPY ledger-commands/src ledger-commands/src
COPY ledger-api/pom.xml ledger-api/
COPY ledger-api/src ledger-api/src
# The benchmark is a module of the build too (not of the image).
COPY ledger-benchmark/pom.xml ledger-benchmark/
COPY ledger-benchmark/src ledger-benchmark/src
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN groupadd --system ledger \
    && useradd --system --gid ledger --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin ledger \
    && mkdir -p /app/data \
    && chown -R ledger:ledger /app
WORKDIR /app
COPY --from=build /build/ledger-api/target/ledger-api-*.jar /app/ledger.jar
# Axon's update checker would call an outside host at start-up; application.yml already
# disables it, and this keeps it off whatever configuration is layered on top.
ENV AXONIQ_UPDATE_CHECKER_DISABLED=true
EXPOSE 8080
USER ledger
ENTRYPOINT ["java", "-jar", "/app/ledger.jar"]
