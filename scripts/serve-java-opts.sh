# Sourced by ./mlflowlite and bench/run: the JVM options `mlflowlite serve` starts with (see docs/server.md,
# "Memory and garbage collection", and docs/benchmarks.md for what they measured).
# `mlflowlite_serve_java_opts JAVA_HOME "USER_OPTS"` prints them, leaving out what the user's own options
# (MLFLOWLITE_JAVA_OPTS) already choose: a collector (-XX:+Use...GC), a heap bound (-Xmx, -XX:MaxHeapSize,
# -XX:MaxRAM, -XX:MaxRAMPercentage) or how much free heap G1 keeps (-XX:MinHeapFreeRatio, -XX:MaxHeapFreeRatio).
#   -XX:+UseG1GC                    G1 also on machines the JVM would give the serial collector (1 CPU, < 1.8 GB)
#   -XX:G1PeriodicGCInterval=30000  after 30 s without a collection (idle), one runs and unused heap goes back to
#                                   the operating system
#   -XX:MinHeapFreeRatio=20 -XX:MaxHeapFreeRatio=50
#                                   at the end of each concurrent cycle G1 gives back committed heap beyond twice
#                                   what is in use (the JVM's default keeps up to 3.3 times): the resident set stays
#                                   under 400 MB under load
#   -Xms32m -Xmx512m                a bounded heap that starts small (the JVM's default bound is a quarter of RAM)
mlflowlite_serve_java_opts() {
  local user=" ${2:-} " opts=()
  if ! [[ "$user" =~ [[:space:]]-XX:\+Use[A-Za-z0-9]+GC[[:space:]] ]]; then
    opts+=(-XX:+UseG1GC -XX:G1PeriodicGCInterval=30000)
    if ! [[ "$user" =~ [[:space:]]-XX:M(in|ax)HeapFreeRatio= ]]; then
      opts+=(-XX:MinHeapFreeRatio=20 -XX:MaxHeapFreeRatio=50)
    fi
  fi
  if ! [[ "$user" =~ [[:space:]]-(Xmx|XX:MaxHeapSize=|XX:MaxRAM=|XX:MaxRAMPercentage=) ]]; then
    opts+=(-Xms32m -Xmx512m)
  fi
  echo "${opts[*]}"
}
