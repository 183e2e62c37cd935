# Sourced by ./mlflowlite and bench/run: the JVM options `mlflowlite serve` starts with (see docs/server.md,
# "Memory and garbage collection"). `mlflowlite_serve_java_opts JAVA_HOME "USER_OPTS"` prints them, leaving out
# what the user's own options (MLFLOWLITE_JAVA_OPTS) already choose: a collector (-XX:+Use...GC) or a heap bound
# (-Xmx, -XX:MaxHeapSize, -XX:MaxRAM, -XX:MaxRAMPercentage).
#   -XX:+UseZGC              generational ZGC: pauses well under a millisecond, however large the heap
#   -XX:+ZGenerational       only on JDK 21 and 22 (generational is the default from 23, the only mode from 24)
#   -Xms32m -Xmx512m         a bounded heap that starts small
#   -XX:SoftMaxHeapSize=256m ZGC collects to stay under this, using the rest only under pressure
#   -XX:ZUncommitDelay=30    heap memory unused for 30 s goes back to the operating system (default 300 s)
mlflowlite_serve_java_opts() {
  local java_home="$1" user=" ${2:-} " major opts=()
  if ! [[ "$user" =~ [[:space:]]-XX:\+Use[A-Za-z0-9]+GC[[:space:]] ]]; then
    opts+=(-XX:+UseZGC)
    major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$java_home/release" 2>/dev/null)
    if [ "${major:-0}" -ge 21 ] 2>/dev/null && [ "$major" -lt 23 ]; then
      opts+=(-XX:+ZGenerational)
    fi
    opts+=(-XX:ZUncommitDelay=30)
  fi
  if ! [[ "$user" =~ [[:space:]]-(Xmx|XX:MaxHeapSize=|XX:MaxRAM=|XX:MaxRAMPercentage=) ]]; then
    opts+=(-Xms32m -Xmx512m -XX:SoftMaxHeapSize=256m)
  fi
  echo "${opts[*]}"
}
