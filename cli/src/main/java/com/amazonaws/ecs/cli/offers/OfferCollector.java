package com.amazonaws.ecs.cli.offers;

import com.amazonaws.ecs.cli.mesos.QuietScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.Protos;
import org.apache.mesos.SchedulerDriver;

/**
 * A framework that only looks: it keeps the first round of offers the driver makes and declines them all.
 * The driver makes its first round in the same turn as {@code registered()}, so once registered, a short wait
 * tells "no offers" from "offers still coming".
 */
final class OfferCollector extends QuietScheduler {
    private static final Protos.Filters LATER = Protos.Filters.newBuilder().setRefuseSeconds(300).build();

    private final CountDownLatch registered = new CountDownLatch(1);
    private final CountDownLatch offered = new CountDownLatch(1);
    private volatile List<Protos.Offer> firstRound = List.of();
    private volatile String error;

    /**
     * Waits for the driver to register, then for its first offers.
     *
     * @return the offers, empty when none came within {@code afterRegistration}
     * @throws IllegalStateException with the driver's message when it reported {@code error()}, or when it did
     *     not register within {@code registration}
     */
    List<Protos.Offer> await(Duration registration, Duration afterRegistration) throws InterruptedException {
        if (!registered.await(registration.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the driver did not register within " + registration.toSeconds() + " s");
        }
        failIfError();
        offered.await(afterRegistration.toMillis(), TimeUnit.MILLISECONDS);
        failIfError();
        return firstRound;
    }

    private void failIfError() {
        if (error != null) {
            throw new IllegalStateException(error);
        }
    }

    @Override
    public void registered(SchedulerDriver driver, Protos.FrameworkID frameworkId, Protos.MasterInfo masterInfo) {
        registered.countDown();
    }

    @Override
    public void resourceOffers(SchedulerDriver driver, List<Protos.Offer> offers) {
        if (offered.getCount() > 0) {
            firstRound = List.copyOf(new ArrayList<>(offers));
            offered.countDown();
        }
        for (Protos.Offer offer : offers) {
            driver.declineOffer(offer.getId(), LATER);
        }
    }

    @Override
    public void error(SchedulerDriver driver, String message) {
        error = "driver error: " + message;
        registered.countDown();
        offered.countDown();
    }
}
