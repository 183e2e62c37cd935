/**
 * How mlflowlite's modules keep the libraries they bring quiet in an application's log: {@link
 * io.mlflowlite.logging.QuietSlf4j} turns off SLF4J's "no providers" warning when the application chose no SLF4J
 * provider (and changes nothing when it did).
 */
package io.mlflowlite.logging;
