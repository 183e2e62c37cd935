/** Not API: the shared Jackson mapper and tree helpers. May change in any release. */
package io.mlflowlite.internal.json;
