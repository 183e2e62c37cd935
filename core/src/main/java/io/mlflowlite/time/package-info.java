/**
 * Time as the pipeline sees it: a {@link io.mlflowlite.time.TimeSource} (the system clock, or a manual one in
 * tests) and the {@link io.mlflowlite.time.Deadline} a call must finish by. A leaf package.
 */
package io.mlflowlite.time;
