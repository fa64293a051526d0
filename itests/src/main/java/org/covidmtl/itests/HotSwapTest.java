package org.covidmtl.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.covidmtl.api.loss.LossStrategy;
import org.covidmtl.api.stage.StageDirectory;
import org.covidmtl.api.stage.StageDirectory.Selected;
import org.covidmtl.api.stage.StageProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * Two real providers of the loss stage; the consumer keeps using the stage while the default provider's
 * bundle is stopped, started, updated, uninstalled and installed again. It must rebind every time, and
 * never get no provider or a failing one.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class HotSwapTest {
    private static final String RANDOM = "org.covidmtl.loss.randomweighted";

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    StageDirectory directory;

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicReference<String> lastServed = new AtomicReference<>();
    private final AtomicLong calls = new AtomicLong();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final Set<String> served = ConcurrentHashMap.newKeySet();

    @AfterEach
    void stopConsumer() {
        running.set(false);
    }

    @Test
    void theConsumerRebindsWithoutAFailedCall() throws Exception {
        directory.setDefault(StageProperties.STAGE_LOSS, "random-weighted");
        Thread consumer = new Thread(this::useTheLossStage, "loss-consumer");
        consumer.start();
        awaitServed("random-weighted");

        Bundle random = bundle(RANDOM);
        random.stop();
        awaitServed("uncertainty");
        random.start();
        awaitServed("random-weighted");

        random.update();
        awaitCalls(200);
        awaitServed("random-weighted");

        String location = random.getLocation();
        random.uninstall();
        awaitServed("uncertainty");
        // through the system bundle: OSGi Test uninstalls what the injected context installed
        Bundle again = context.getBundle(0).getBundleContext().installBundle(location);
        again.start();
        awaitServed("random-weighted");

        running.set(false);
        consumer.join(5_000);
        assertThat(failures).isEmpty();
        assertThat(served).containsExactlyInAnyOrder("random-weighted", "uncertainty");
        assertThat(calls.get()).isGreaterThan(1_000);
    }

    private void useTheLossStage() {
        long seed = 0;
        while (running.get()) {
            try {
                var selected = directory.select(LossStrategy.class, StageProperties.STAGE_LOSS);
                if (selected.isEmpty()) {
                    failures.add("no loss provider at call " + calls.get());
                    continue;
                }
                Selected<LossStrategy> s = selected.get();
                double[] w = s.service().start(3, seed++).next();
                double sum = w[0] + w[1] + w[2];
                if (w.length != 3 || Math.abs(sum - 1) > 1e-9 && !s.name().equals("uncertainty")) {
                    failures.add(s.name() + " gave weights summing to " + sum);
                }
                served.add(s.name());
                lastServed.set(s.name());
                calls.incrementAndGet();
            } catch (RuntimeException e) {
                failures.add(e.toString());
            }
        }
    }

    private void awaitServed(String name) throws InterruptedException {
        long before = calls.get();
        long deadline = System.currentTimeMillis() + 10_000;
        while (!(name.equals(lastServed.get()) && calls.get() > before + 50)) {
            assertThat(System.currentTimeMillis()).as("waiting for %s to serve", name).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private void awaitCalls(long n) throws InterruptedException {
        long target = calls.get() + n;
        long deadline = System.currentTimeMillis() + 10_000;
        while (calls.get() < target) {
            assertThat(System.currentTimeMillis()).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }
}
