package io.mlflowlite.gateway;

/**
 * A model as {@code mlflowlite models} lists it: whether it can be served right now, and why not.
 *
 * @param name      the catalog name, or {@code provider/*} for pass-through providers
 * @param provider  its provider
 * @param available whether a call would be sent now (key present, base URL known)
 * @param reason    what is configured, or what to set to enable it
 * @param note      the catalog's remark (simulated, legacy …), or null
 */
public record ModelInfo(String name, String provider, String kind, boolean available, String reason, String note) {}
