package io.mlflowlite.server;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Bounds how long a client may take to send its request head or body. A blocked socket read has no timeout of
 * its own in the web server, and a read timeout per read would not stop a client dripping one byte a second;
 * so an {@link Alarm} interrupts the reading thread when the whole head or body is late. Connections run on
 * virtual threads, where an interrupt closes the socket the thread is blocked on: the read fails and the
 * connection ends. One timer thread serves every connection. Thread-safe.
 */
final class ReadDeadlines implements AutoCloseable {
    private final ScheduledThreadPoolExecutor timer;

    ReadDeadlines() {
        timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "mlflowlite-read-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        // most alarms are disarmed long before they ring: drop them from the queue at once
        timer.setRemoveOnCancelPolicy(true);
    }

    /** Interrupts the calling thread after {@code timeout} unless the returned alarm is disarmed first. */
    Alarm arm(Duration timeout) {
        Alarm alarm = new Alarm(Thread.currentThread());
        alarm.future = timer.schedule(alarm::ring, timeout.toNanos(), TimeUnit.NANOSECONDS);
        return alarm;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** One deadline on one thread. */
    static final class Alarm {
        private final Thread reader;
        private volatile ScheduledFuture<?> future;
        private boolean armed = true;
        private boolean rang;

        private Alarm(Thread reader) {
            this.reader = reader;
        }

        private synchronized void ring() {
            if (armed) {
                armed = false;
                rang = true;
                reader.interrupt();
            }
        }

        /**
         * Stops the alarm; returns whether it had rung (the read was cut). Holding the lock while ringing means
         * an interrupt never lands after this returns false.
         */
        boolean disarm() {
            synchronized (this) {
                armed = false;
            }
            ScheduledFuture<?> pending = future;
            if (pending != null) {
                pending.cancel(false);
            }
            return rang();
        }

        synchronized boolean rang() {
            return rang;
        }
    }
}
