/**
 * {@code ecs-mesos offers}: what the driver would offer a framework right now, collected by a scheduler that
 * declines everything, printed as a table or JSON.
 */
package com.amazonaws.ecs.cli.offers;
