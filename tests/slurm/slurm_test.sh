#!/bin/bash
# A real single-node Slurm on localhost runs a sharded batch as a job array; the merged shards
# must equal the same batch run locally, byte for byte.
#   slurm_test.sh CORRIDOR EXPERIMENT WORKDIR [SHARDS]
# Needs Debian's slurm-wlm and munge (slurmctld, slurmd, munged, sbatch); installs nothing and
# touches no system configuration: every daemon runs from WORKDIR, on its own ports and socket.
# Exits 77 (ctest: skipped) when Slurm or munge is not installed.
set -euo pipefail
corridor=$(realpath "$1") experiment=$(realpath "$2") work=$3 shards=${4:-3}

for tool in slurmctld slurmd munged mungekey sbatch squeue scontrol; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool not found (apt-get install slurm-wlm munge)"; exit 77; }
done

rm -rf "$work"
mkdir -p "$work"
work=$(realpath "$work")
chmod 700 "$work"
mkdir -p "$work"/{munge,state,spool,log,out}
host=$(hostname -s)
user=$(id -un)
port=$((20000 + $$ % 20000)) # two ports of our own, so a system Slurm is left alone

# --- munge: authentication between the Slurm daemons and commands --------------------------
mungekey --create --keyfile="$work/munge/munge.key" --force
chmod 600 "$work/munge/munge.key"
munged --foreground --force --key-file="$work/munge/munge.key" --socket="$work/munge/munge.socket" \
  --pid-file="$work/munge/munged.pid" --log-file="$work/log/munged.log" --seed-file="$work/munge/seed" >"$work/log/munged.out" 2>&1 &
munged_pid=$!
slurmctld_pid= slurmd_pid=

stop_daemons() {
  for pid in $slurmd_pid $slurmctld_pid $munged_pid; do
    kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
}
trap stop_daemons EXIT

# --- Slurm: one controller and one node, both this machine ----------------------------------
cpus=$(nproc)
cat > "$work/slurm.conf" <<CONF
ClusterName=corridor-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=$user
SlurmdUser=$user
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$work/munge/munge.socket
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool/%n
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$work/slurm.conf
for i in $(seq 50); do [ -S "$work/munge/munge.socket" ] && break; sleep 0.1; done
slurmctld -D -i -f "$SLURM_CONF" >"$work/log/slurmctld.out" 2>&1 &
slurmctld_pid=$!
slurmd -D -f "$SLURM_CONF" -N "$host" >"$work/log/slurmd.out" 2>&1 &
slurmd_pid=$!
for i in $(seq 100); do
  state=$(sinfo -h -n "$host" -o %t 2>/dev/null || true)
  [ "$state" = idle ] && break
  sleep 0.2
done
[ "$state" = idle ] || { echo "FAIL: the Slurm node did not come up (state '$state')"; tail -20 "$work"/log/*.log; exit 1; }
echo "slurm up: $(sinfo -h -o '%P %D nodes %c cpus %t')"

# --- the job array: shard K of N in task K, each shard into its own directory ---------------
cat > "$work/batch.sbatch" <<JOB
#!/bin/sh
#SBATCH --job-name=corridor-batch
#SBATCH --array=1-$shards
#SBATCH --cpus-per-task=1
#SBATCH --output=$work/log/shard-%a.out
exec "$corridor" batch "$experiment" --jobs "\${SLURM_CPUS_PER_TASK:-1}" \\
  --shard "\$SLURM_ARRAY_TASK_ID/$shards" --out "$work/out/shard-\$SLURM_ARRAY_TASK_ID" --resume
JOB
start=$(date +%s)
timeout 600 sbatch --wait --chdir="$work" "$work/batch.sbatch"
echo "job array of $shards shards done in $(($(date +%s) - start)) s"
for k in $(seq "$shards"); do
  echo "--- shard $k: $(tail -2 "$work/log/shard-$k.out" | tr '\n' ' ')"
done

# --- merge, and compare with the same batch on this machine ---------------------------------
"$corridor" merge "$work"/out/shard-* --out "$work/out/merged"
"$corridor" batch "$experiment" --jobs "$cpus" --quiet --out "$work/out/local"
cmp "$work/out/local/results.csv" "$work/out/merged/results.csv"
cmp "$work/out/local/replications.csv" "$work/out/merged/replications.csv"
diff -r -x .lock "$work/out/local" "$work/out/merged"
echo "PASS: $shards Slurm shards merged equal the local batch byte for byte ($(($(wc -l < "$work/out/local/replications.csv") - 1)) runs)"
