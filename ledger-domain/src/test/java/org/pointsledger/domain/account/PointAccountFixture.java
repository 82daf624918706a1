package org.pointsledger.domain.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;

/**
 * Given / when / expect over {@link AggregateTestFixture}, without its result validator.
 *
 * <p>Why not {@code fixture.given(...).when(...)}: axon-test declares hamcrest as an optional
 * dependency and this module's test classpath has none, so {@code when(...)} fails with
 * {@code NoClassDefFoundError: org/hamcrest/Description} and {@code expectException(Class)}
 * does not compile. This class uses only the fixture's hamcrest-free parts: its given events,
 * its command bus (with the aggregate's handlers and the injected clock), its recording event
 * store and its event-sourcing repository. The method names follow the fixture's, so moving
 * back to it once hamcrest is a test dependency is mechanical.
 */
final class PointAccountFixture {

    private final AggregateTestFixture<PointAccount> fixture =
            new AggregateTestFixture<>(PointAccount.class);
    private final AccountId accountId;
    private int recordedEventCount;

    PointAccountFixture(AccountId accountId, Clock clock) {
        this.accountId = accountId;
        fixture.registerInjectableResource(clock);
    }

    /** Starts over from these events; the empty call means no prior activity. */
    PointAccountFixture given(Object... events) {
        // givenCommands subscribes the aggregate's command handlers; given events follow.
        fixture.givenCommands(List.of()).andGiven(List.of(events));
        recordedEventCount = events.length;
        return this;
    }

    /** Handles the command on top of everything recorded so far, as the command bus would. */
    Outcome when(PointAccountCommand command) {
        List<CommandResultMessage<?>> results = new ArrayList<>();
        fixture.getCommandBus().dispatch(GenericCommandMessage.asCommandMessage(command),
                (message, result) -> results.add(result));
        assertThat(results).as("the command bus answers synchronously, once").hasSize(1);
        CommandResultMessage<?> result = results.get(0);
        List<Object> recorded = recordedEvents();
        List<Object> published = List.copyOf(recorded.subList(recordedEventCount, recorded.size()));
        recordedEventCount = recorded.size();
        return result.isExceptional()
                ? new Outcome(null, result.exceptionResult(), published)
                : new Outcome(result.getPayload(), null, published);
    }

    /** Every event of the account so far, given and published, oldest first. */
    List<Object> recordedEvents() {
        try {
            return fixture.getEventStore().readEvents(accountId.toString()).asStream()
                    .map(Message::getPayload)
                    .map(Object.class::cast)
                    .toList();
        } catch (AggregateNotFoundException noEventsYet) {
            return List.of();
        }
    }

    /** The account as the repository rebuilds it from its recorded events. */
    PointAccount state() {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        try {
            return fixture.getRepository().load(accountId.toString())
                    .invoke(Function.identity());
        } finally {
            unitOfWork.rollback();
        }
    }

    /** What one command did: its result or its exception, and the events it published. */
    final class Outcome {

        private final Object result;
        private final Throwable exception;
        private final List<Object> events;

        private Outcome(Object result, Throwable exception, List<Object> events) {
            this.result = result;
            this.exception = exception;
            this.events = events;
        }

        List<Object> events() {
            return events;
        }

        Throwable exception() {
            return exception;
        }

        Outcome expectSuccessfulHandlerExecution() {
            assertThat(exception).as("the command's exception").isNull();
            return this;
        }

        Outcome expectEvents(Object... expected) {
            expectSuccessfulHandlerExecution();
            assertThat(events).as("published events").containsExactly(expected);
            return this;
        }

        Outcome expectNoEvents() {
            return expectEvents();
        }

        Outcome expectResultMessagePayload(Object expected) {
            expectSuccessfulHandlerExecution();
            assertThat(result).as("the command's result").isEqualTo(expected);
            return this;
        }

        Outcome expectState(Consumer<PointAccount> check) {
            check.accept(state());
            return this;
        }

        /** The command failed with this type of exception and recorded nothing. */
        <X extends Throwable> X expectException(Class<X> type) {
            assertThat(exception).as("the command's exception").isInstanceOf(type);
            assertThat(events).as("events of a refused command").isEmpty();
            return type.cast(exception);
        }
    }
}
