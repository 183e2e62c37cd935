/** Not API: the JDK HttpClient transport, error mapping and the SSE reader. May change in any release. */
package io.mlflowlite.internal.http;
