/**
 * Not API: the HTTP transport of the provider adapters (mlflowlite's blocking HTTP/1.1 client with its connection
 * pool, or the JDK HttpClient), error mapping and the SSE reader. May change in any release.
 */
package io.mlflowlite.internal.http;
