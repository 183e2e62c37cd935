/**
 * Not API: JSON, HTTP, SSE and id helpers shared by the adapters and the pipeline. Anything here may change
 * or disappear in any release.
 */
package io.mlflowlite.internal;
