/**
 * The exceptions every mlflowlite call may throw, one type per decision a caller makes (retry later, fix the
 * request, fix the configuration, give up). All are unchecked and extend
 * {@link io.mlflowlite.error.MlflowliteException}, which carries the {@link io.mlflowlite.error.Attempt} log of
 * the call. A leaf package: it depends on nothing else of mlflowlite, so every other package can use it.
 */
package io.mlflowlite.error;
