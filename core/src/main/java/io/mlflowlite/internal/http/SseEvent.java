package io.mlflowlite.internal.http;

/**
 * One server-sent event.
 *
 * @param event the {@code event:} field, or null (the default "message")
 * @param data  the {@code data:} lines joined with {@code \n}
 * @param id    the {@code id:} field, or null
 */
public record SseEvent(String event, String data, String id) {}
