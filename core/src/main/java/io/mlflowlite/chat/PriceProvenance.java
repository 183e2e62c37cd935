package io.mlflowlite.chat;

import java.time.LocalDate;

/**
 * Which price was used: the table's version, the entry's key, the date the price took effect and where it
 * was published.
 */
public record PriceProvenance(String tableVersion, String entry, LocalDate effective, String source) {}
