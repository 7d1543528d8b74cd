package io.colibri.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * CPU time of the gateway, of the harness (this JVM and its wrk children) and of the machine,
 * sampled every 50 ms, so that the CPU of a window that ends at a time known only afterwards (the
 * last submit_sm) can be read without the idle time that follows it.
 */
final class CpuSampler implements AutoCloseable {
    record Sample(long nanos, long target, long harness, ProcStats.Machine machine) {
    }

    private final List<Long> targetPids;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    CpuSampler(List<Long> targetPids) {
        this.targetPids = targetPids;
        thread = new Thread(() -> {
            while (running) {
                take();
                try {
                    TimeUnit.MILLISECONDS.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "cpu-sampler");
        thread.setDaemon(true);
        take();
        thread.start();
    }

    private void take() {
        ProcessHandle self = ProcessHandle.current();
        long harness = ProcStats.processTicks(self.pid()) + ProcStats.childrenTicks(self.pid());
        for (ProcessHandle child : (Iterable<ProcessHandle>) self.children()::iterator) {
            if (child.info().command().map(c -> c.endsWith("/wrk")).orElse(false)) {
                harness += ProcStats.processTicks(child.pid());
            }
        }
        Sample s = new Sample(System.nanoTime(), ProcStats.sumTicks(targetPids), harness, ProcStats.machine());
        synchronized (samples) {
            samples.add(s);
        }
    }

    /** The last sample taken at or before that time. */
    Sample at(long nanos) {
        synchronized (samples) {
            Sample best = samples.get(0);
            for (Sample s : samples) {
                if (s.nanos() <= nanos) {
                    best = s;
                }
            }
            return best;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
