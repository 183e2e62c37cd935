/**
 * The web UI's SPI: a host (the gateway server, {@code mlflowlite ui}) passes {@link io.mlflowlite.webui.WebRequest}s
 * under {@code /ui} to a {@link io.mlflowlite.webui.WebUi} found with {@link io.mlflowlite.webui.WebUis#load}.
 */
package io.mlflowlite.webui;
