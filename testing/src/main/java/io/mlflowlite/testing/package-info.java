/**
 * A fake LLM upstream on a real socket, for tests of mlflowlite and of applications that use it.
 *
 * <p>{@link io.mlflowlite.testing.MockLlmServer} speaks plain HTTP/1.1 on {@code 127.0.0.1}. Tests
 * {@linkplain io.mlflowlite.testing.MockLlmServer#enqueue enqueue} {@link io.mlflowlite.testing.MockResponse}s
 * (JSON, server-sent events, delays, connection {@link io.mlflowlite.testing.Fault}s), point the code under test
 * at {@link io.mlflowlite.testing.MockLlmServer#url()}, then assert on the
 * {@link io.mlflowlite.testing.RecordedRequest}s it received. {@link io.mlflowlite.testing.Fixtures} loads
 * wire-format transcripts from the test classpath.
 *
 * <p>Everything public here is API; the HTTP codec behind it is package-private.
 */
package io.mlflowlite.testing;
