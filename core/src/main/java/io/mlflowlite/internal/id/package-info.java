/** Not API: id generation. May change in any release. */
package io.mlflowlite.internal.id;
