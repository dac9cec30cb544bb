#!/usr/bin/env bash
# A real multi-process Spark run on this machine: a standalone master and two workers on 127.0.0.1
# (1 core, 2 GB each), started from the Spark jars Maven resolved for solider-spark (no Spark
# distribution needed), `solider spark extract` submitted to them with spark-submit's main class
# and the assembly jar, and the output checked against single-process `solider extract`
# (every row once, same files, |Δ| ≤ 1e-5). With --kill-worker, worker 2 and its executor are
# killed with SIGKILL once the job has finished its first tasks; the job must still complete with
# a complete, duplicate-free output.
#
#   scripts/spark-standalone.sh [--kill-worker] [--identities N] [--work DIR]
#
# --work: the folder for the data, the Spark home, the outputs and the logs (kept; default a new
# folder under /tmp); a second run in the same folder reuses the data, checkpoint and Spark home.
#
# The cluster runs on Spark's own classpath (its FlatBuffers 25.x included); the assembly carries
# FlatBuffers 1.12 relocated. Exit 0 when the check passes.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
kill_worker=0
identities=80
work=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --kill-worker) kill_worker=1 ;;
    --identities) identities="$2"; shift ;;
    --work) work="$2"; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "spark-standalone.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
work="${work:-$(mktemp -d /tmp/solider-standalone.XXXXXX)}"
mkdir -p "$work/logs"
version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$root/pom.xml" | head -1)"
jar="$root/solider-spark/target/solider-spark-$version-assembly.jar"
say() { echo "[standalone $(date -u +%H:%M:%S)] $*"; }

# --- the assembly jar --------------------------------------------------------------------------
if [[ ! -f "$jar" || -n "$(find "$root"/solider-*/src/main "$root"/pom.xml "$root"/*/pom.xml -newer "$jar" -type f -print -quit)" ]]; then
  say "building the assembly (mvn -Passembly package)"
  (cd "$root" && mvn -o -q -B -DskipTests -Passembly package -pl solider-spark -am)
fi

# --- a Spark home made of the jars Maven resolves for spark-sql alone (Spark's own versions, its
# Arrow's FlatBuffers 25.x included, as a cluster has them); the worker builds its executors'
# classpath from SPARK_HOME/jars (RELEASE marks a binary layout) ------------------------------------
spark_version="$(sed -n 's:.*<spark.version>\(.*\)</spark.version>.*:\1:p' "$root/solider-spark/pom.xml")"
home="$work/spark-home"
if [[ ! -s "$home/classpath.txt" ]]; then
  rm -rf "$home" && mkdir -p "$home/jars" && touch "$home/RELEASE"
  printf '%s\n' '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>' \
    '<groupId>local</groupId><artifactId>spark-home</artifactId><version>1</version>' \
    '<dependencies><dependency><groupId>org.apache.spark</groupId><artifactId>spark-sql_2.13</artifactId>' \
    "<version>$spark_version</version></dependency></dependencies></project>" > "$home/pom.xml"
  mvn -o -q -B -f "$home/pom.xml" org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.outputFile="$home/classpath.txt"
  tr ':' '\n' < "$home/classpath.txt" | while read -r j; do ln -s "$j" "$home/jars/"; done
fi
export SPARK_HOME="$home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 OMP_NUM_THREADS=1
opens="-XX:+IgnoreUnrecognizedVMOptions -Dio.netty.tryReflectionSetAccessible=true"
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
    java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  opens="$opens --add-opens=java.base/$p=ALL-UNNAMED"
done
spark_java() { java $opens -cp "$home/jars/*" "$@"; }   # as bin/spark-class runs a Spark main class

pids=()
cleanup() {
  local p c
  for p in "${pids[@]}"; do
    for c in $(ps -o pid= --ppid "$p" 2>/dev/null); do kill "$c" 2>/dev/null || true; done
    kill "$p" 2>/dev/null || true
  done
  wait 2>/dev/null || true
}
trap cleanup EXIT

port="$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
master="spark://127.0.0.1:$port"
wait_for() {  # wait_for FILE PATTERN COUNT SECONDS
  local i
  for ((i = 0; i < $4 * 2; i++)); do
    [[ $(grep -c -- "$2" "$1" 2>/dev/null || true) -ge $3 ]] && return 0
    sleep 0.5
  done
  echo "spark-standalone.sh: timed out waiting for '$2' in $1" >&2
  tail -20 "$1" >&2
  return 1
}

# --- the cluster ------------------------------------------------------------------------------
say "starting the master at $master"
spark_java -Xmx512m org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" --webui-port 0 \
  > "$work/logs/master.log" 2>&1 &
pids+=($!)
wait_for "$work/logs/master.log" "I have been elected leader" 1 60
worker_pid=()
for w in 1 2; do
  spark_java -Xmx512m org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 1 --memory 2g \
    --work-dir "$work/worker-$w" --webui-port 0 "$master" > "$work/logs/worker-$w.log" 2>&1 &
  pids+=($!)
  worker_pid[$w]=$!
done
wait_for "$work/logs/master.log" "Registering worker" 2 60
say "two workers registered (1 core, 2 GB each); logs in $work/logs"

# --- the data, a tiny backbone and the single-process reference -------------------------------
data="$work/synth/market1501/bounding_box_test"
if [[ ! -d "$data" ]]; then
  "$root/solider" synth --output "$work/synth" --identities "$identities" --images-per-identity 6 \
    --attribute-images 0 --pose-images 0 --parsing-images 0 --detection-images 0 --search-scenes 0 \
    --unlabeled-images 0 --distractors 150 > "$work/logs/synth.log" 2>&1
fi
n_images="$(find "$data" -type f -name '*.jpg' | wc -l)"
ckpt="$work/tiny.pth"
[[ -f "$ckpt" ]] || "$root/solider" spark init-checkpoint --arch custom --embed-dim 32 --depths 2,2,2,2 \
  --heads 1,2,4,8 --seed 5 --output "$ckpt" > "$work/logs/init.log" 2>&1
rm -rf "$work/single"
"$root/solider" extract --checkpoint "$ckpt" --input "$data" --semantic-weight 0.2 --size 128x64 --batch-size 8 \
  --pooled-only --output "$work/single" > "$work/logs/single.log" 2>&1
say "$n_images images; solider extract (one process) wrote $work/single"

# --- the job, through spark-submit's main class ----------------------------------------------
out="$work/spark-out"
rm -rf "$out"
say "submitting solider spark extract ($jar)"
start=$(date +%s.%N)
spark_java -Xmx1g org.apache.spark.deploy.SparkSubmit --master "$master" --deploy-mode client \
  --class io.solider.spark.cli.SparkCli \
  --conf spark.driver.host=127.0.0.1 --conf spark.executor.memory=1g --conf spark.executor.cores=1 \
  --conf spark.cores.max=2 --conf spark.executorEnv.OMP_NUM_THREADS=1 --conf spark.ui.enabled=false \
  "$jar" extract --checkpoint "$ckpt" --input "$data" --output "$out" --size 128x64 --batch-size 8 \
  --partitions 16 > "$work/logs/driver.log" 2>&1 &
submit=$!
if [[ $kill_worker == 1 ]]; then
  wait_for "$work/logs/driver.log" "Finished task" 2 600
  victims="${worker_pid[2]} $(ps -o pid= --ppid "${worker_pid[2]}" | tr '\n' ' ')"
  say "killing worker 2 and its executor (SIGKILL, pids $victims) after $(grep -c 'Finished task' "$work/logs/driver.log") finished tasks"
  # shellcheck disable=SC2086
  kill -9 $victims
  wait "${worker_pid[2]}" 2>/dev/null || true   # reaped here, so bash does not report it
fi
rc=0
wait "$submit" || rc=$?
secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
grep -E "extracted [0-9]+ images|Lost executor|its executor exited|Starting task [0-9]+\.[1-9]|ERROR" \
  "$work/logs/driver.log" | sed -E 's/^[0-9\/: -]+//' | cut -c1-160 | head -20 || true
say "spark-submit exited $rc after $secs s"
[[ $rc == 0 ]] || { tail -30 "$work/logs/driver.log" >&2; exit 1; }

# --- the check ---------------------------------------------------------------------------------
say "parquet files: $(find "$out/embeddings" -name '*.parquet' | wc -l), extract.json: $(test -f "$out/extract.json" && echo present)"
"$root/solider" spark compare --master 'local[1]' --embeddings "$out" --reference "$work/single" 2> "$work/logs/compare.log"
