package org.pointsledger.commands.transactions;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: writes that arrive together are decided and committed together, each still
 * answered on its own.
 *
 * <p>A caller puts its item on the lane of its key (the account) and waits. Each lane has one
 * thread, which takes whatever is waiting (up to {@code batchMax} items), writes it as one
 * batch and answers every item with its own outcome; what arrives meanwhile waits for the
 * next batch. So an idle ledger writes a lone request at once, with no fixed delay, and a busy
 * one writes as many requests per transaction as arrived while the previous one committed: the
 * cost per transaction (round trips, commit, Axon's unit of work) is shared by all of them.
 * Items with the same key always take the same lane, so two batches of one node never race for
 * an account; lanes let one batch decide while another commits.
 *
 * <p>An item's outcome is its value or the exception that refused it, rethrown to its caller
 * as is (one refusal never fails another item). When the batch as a whole fails, every item
 * of it, and every item queued behind it, gets that failure: nothing of it was committed.
 *
 * @param <I> what a caller submits
 * @param <O> what a caller gets back
 */
final class GroupCommit<I, O> implements AutoCloseable {

    /** The outcome of one item: its value, or the refusal its caller gets. */
    record Outcome<O>(O value, RuntimeException refusal) {

        static <O> Outcome<O> of(O value) {
            return new Outcome<>(value, null);
        }

        static <O> Outcome<O> refused(RuntimeException refusal) {
            return new Outcome<>(null, refusal);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

    private final int batchMax;
    private final Function<List<I>, List<Outcome<O>>> batch;
    private final List<Lane> lanes = new ArrayList<>();

    /**
     * @param batch writes the items as one batch; answers their outcomes in the items' order
     */
    GroupCommit(String name, int laneCount, int batchMax,
                Function<List<I>, List<Outcome<O>>> batch) {
        if (laneCount < 1 || batchMax < 1) {
            throw new IllegalArgumentException("lanes and batch size must be positive");
        }
        this.batchMax = batchMax;
        this.batch = batch;
        for (int i = 0; i < laneCount; i++) {
            Lane lane = new Lane();
            Thread thread = new Thread(lane, name + "-" + i);
            thread.setDaemon(true);
            lane.thread = thread;
            lanes.add(lane);
            thread.start();
        }
    }

    /** Writes the item in the next batch of its key's lane; answers once that batch is done. */
    O submit(Object key, I item) {
        Pending<I, O> pending = new Pending<>(item);
        lanes.get(Math.floorMod(key.hashCode(), lanes.size())).queue.add(pending);
        try {
            return pending.result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a write", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException refusal) {
                throw refusal;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Items waiting for a batch, over all lanes (not those being written). */
    int queued() {
        return lanes.stream().mapToInt(lane -> lane.queue.size()).sum();
    }

    @Override
    public void close() {
        for (Lane lane : lanes) {
            lane.thread.interrupt();
        }
    }

    private record Pending<I, O>(I item, CompletableFuture<O> result) {

        Pending(I item) {
            this(item, new CompletableFuture<>());
        }

        void answer(Outcome<O> outcome) {
            if (outcome.refusal() != null) {
                result.completeExceptionally(outcome.refusal());
            } else {
                result.complete(outcome.value());
            }
        }
    }

    private final class Lane implements Runnable {

        private final BlockingQueue<Pending<I, O>> queue = new LinkedBlockingQueue<>();
        private Thread thread;

        @Override
        public void run() {
            while (!Thread.currentThread().isInterrupted()) {
                List<Pending<I, O>> taken = new ArrayList<>();
                try {
                    taken.add(queue.take());
                } catch (InterruptedException e) {
                    break;
                }
                queue.drainTo(taken, batchMax - 1);
                write(taken);
            }
            List<Pending<I, O>> left = new ArrayList<>();
            queue.drainTo(left);
            left.forEach(pending -> pending.answer(Outcome.refused(
                    new IllegalStateException("the service is shutting down"))));
        }

        private void write(List<Pending<I, O>> taken) {
            List<Outcome<O>> outcomes;
            try {
                outcomes = batch.apply(taken.stream().map(Pending::item).toList());
            } catch (RuntimeException failure) {
                // The batch failed as a whole: the database is down or not answering. What
                // queued meanwhile would meet the same after another wait each; it is answered
                // now, so that no caller waits longer than one batch's failure.
                queue.drainTo(taken);
                taken.forEach(pending -> pending.answer(Outcome.refused(failure)));
                return;
            } catch (Error error) {
                LOG.error("A batch of {} writes failed", taken.size(), error);
                taken.forEach(pending -> pending.answer(Outcome.refused(
                        new IllegalStateException("the write failed", error))));
                throw error;
            }
            for (int i = 0; i < taken.size(); i++) {
                taken.get(i).answer(outcomes.get(i));
            }
        }
    }
}
