package io.mlflowlite.cli;

import picocli.CommandLine.Command;

/** {@code mlflowlite route}: smart routing tables. */
@Command(
        name = "route",
        mixinStandardHelpOptions = true,
        description = "Smart routing: calibrate a routing table from evaluation runs of several models.",
        subcommands = {RouteCalibrateCommand.class})
final class RouteCommand {}
