package org.pointsledger.commands.transactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pointsledger.commands.transactions.GroupCommit.Outcome;

/**
 * Proves the group commit's contract on its own: what arrives while a batch is written goes
 * into the next batch together, each item gets its own outcome, one refusal fails no other,
 * and a batch that fails as a whole answers its items and those queued behind it.
 */
class GroupCommitTest {

    private static final int CALLERS = 8;

    private final ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
    private final List<List<Integer>> batches = new CopyOnWriteArrayList<>();
    private GroupCommit<Integer, String> groupCommit;

    @AfterEach
    void stop() {
        callers.shutdownNow();
        if (groupCommit != null) {
            groupCommit.close();
        }
    }

    @Test
    void itemsThatArriveDuringABatch_areWrittenTogetherInTheNext_eachWithItsOwnOutcome()
            throws Exception {
        CountDownLatch firstBatchStarted = new CountDownLatch(1);
        CountDownLatch releaseFirstBatch = new CountDownLatch(1);
        groupCommit = new GroupCommit<>("test-lane", 1, 64, items -> {
            batches.add(items);
            if (batches.size() == 1) {
                firstBatchStarted.countDown();
                await(releaseFirstBatch);
            }
            return items.stream().map(item -> item % 3 == 0
                    ? Outcome.<String>refused(new IllegalArgumentException("refused " + item))
                    : Outcome.of("written " + item)).toList();
        });

        Future<String> first = callers.submit(() -> groupCommit.submit("account", 1));
        assertThat(firstBatchStarted.await(10, TimeUnit.SECONDS)).isTrue();
        List<Future<String>> queued = new ArrayList<>();
        for (int item = 2; item <= CALLERS; item++) {
            int submitted = item;
            queued.add(callers.submit(() -> groupCommit.submit("account", submitted)));
        }
        awaitQueued(CALLERS - 1);
        releaseFirstBatch.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("written 1");
        for (int k = 0; k < queued.size(); k++) {
            int item = k + 2;
            Future<String> answer = queued.get(k);
            if (item % 3 == 0) {
                assertThatThrownBy(() -> answer.get(10, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(IllegalArgumentException.class)
                        .hasRootCauseMessage("refused " + item);
            } else {
                assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo("written " + item);
            }
        }
        assertThat(batches).hasSize(2);
        assertThat(batches.get(0)).containsExactly(1);
        assertThat(batches.get(1)).containsExactlyInAnyOrder(2, 3, 4, 5, 6, 7, 8);
    }

    @Test
    void aLoneItem_isWrittenAtOnce_withoutWaitingForOthers() throws Exception {
        groupCommit = new GroupCommit<>("test-lane", 1, 64,
                items -> items.stream().map(item -> Outcome.of("written " + item)).toList());

        long started = System.nanoTime();
        assertThat(groupCommit.submit("account", 1)).isEqualTo("written 1");

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(1000);
    }

    @Test
    void aBatchThatFailsAsAWhole_answersItsItemsAndThoseQueuedBehindIt_withItsFailure()
            throws Exception {
        CountDownLatch firstBatchStarted = new CountDownLatch(1);
        CountDownLatch releaseFirstBatch = new CountDownLatch(1);
        IllegalStateException databaseDown = new IllegalStateException("database down");
        groupCommit = new GroupCommit<>("test-lane", 1, 64, items -> {
            batches.add(items);
            firstBatchStarted.countDown();
            await(releaseFirstBatch);
            throw databaseDown;
        });

        Future<String> first = callers.submit(() -> groupCommit.submit("account", 1));
        assertThat(firstBatchStarted.await(10, TimeUnit.SECONDS)).isTrue();
        Future<String> queued = callers.submit(() -> groupCommit.submit("account", 2));
        awaitQueued(1);
        releaseFirstBatch.countDown();

        assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS)).hasCause(databaseDown);
        assertThatThrownBy(() -> queued.get(10, TimeUnit.SECONDS)).hasCause(databaseDown);
        assertThat(batches).as("the queued item met the failure without a batch of its own")
                .hasSize(1);
    }

    @Test
    void itemsOfOneKey_takeOneLane_soTheirBatchesNeverRun_atTheSameTime() throws Exception {
        List<String> running = new CopyOnWriteArrayList<>();
        List<String> overlaps = new CopyOnWriteArrayList<>();
        groupCommit = new GroupCommit<>("test-lane", 4, 2, items -> {
            String lane = Thread.currentThread().getName();
            if (!running.isEmpty()) {
                overlaps.add(lane + " while " + running);
            }
            running.add(lane);
            sleep();
            running.remove(lane);
            return items.stream().map(item -> Outcome.of("written " + item)).toList();
        });

        List<Future<String>> answers = new ArrayList<>();
        for (int item = 0; item < 40; item++) {
            int submitted = item;
            answers.add(callers.submit(() -> groupCommit.submit("one account", submitted)));
        }
        for (Future<String> answer : answers) {
            answer.get(30, TimeUnit.SECONDS);
        }

        assertThat(overlaps).isEmpty();
    }

    /** Waits until this many callers wait in the lane's queue, behind the running batch. */
    private void awaitQueued(int count) throws InterruptedException {
        for (int i = 0; i < 1000 && groupCommit.queued() < count; i++) {
            Thread.sleep(10);
        }
        assertThat(groupCommit.queued()).isEqualTo(count);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
