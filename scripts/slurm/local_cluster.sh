#!/usr/bin/env bash
# local_cluster.sh start|stop STATE_DIR
#
# A one-machine Slurm cluster for tests, from Debian's packages (slurm-wlm,
# munge): munged, slurmctld and slurmd run on this machine, as root, with
# every file (config, key, socket, spool, logs, pid files) under STATE_DIR
# and non-default ports, so nothing in /etc is touched and a machine's own
# Slurm (if any) is left alone.
#
#   start  installs the packages when missing (apt-get, as root), writes
#          STATE_DIR/slurm.conf, starts the three daemons, records their
#          pids in STATE_DIR/pids and waits until the node is idle. Prints
#          the line to source: export SLURM_CONF=STATE_DIR/slurm.conf
#   stop   kills exactly the pids recorded by start (never by name) and
#          waits for them to exit.
#
# Exit 0 on success; 1 with a message naming the daemon and its log when a
# daemon does not come up.
set -u
cmd=${1:-}
state=${2:-}
[ -n "$cmd" ] && [ -n "$state" ] || { echo "usage: $0 start|stop STATE_DIR" >&2; exit 2; }
mkdir -p "$state"
state=$(cd "$state" && pwd)
pids="$state/pids"

stop() {
    [ -f "$pids" ] || return 0
    local pid
    while read -r pid; do
        [ -n "$pid" ] && kill "$pid" 2>/dev/null
    done < "$pids"
    for _ in $(seq 50); do
        local alive=0
        while read -r pid; do
            [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && alive=1
        done < "$pids"
        [ "$alive" = 0 ] && break
        sleep 0.2
    done
    while read -r pid; do # still there after 10 s: force
        [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
    done < "$pids"
    rm -f "$pids"
}

if [ "$cmd" = stop ]; then
    stop
    exit 0
fi
[ "$cmd" = start ] || { echo "usage: $0 start|stop STATE_DIR" >&2; exit 2; }

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
    [ "$(id -u)" = 0 ] || { echo "local_cluster: needs slurm-wlm and munge: sudo apt-get install -y slurm-wlm munge" >&2; exit 1; }
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null || exit 1
fi
[ "$(id -u)" = 0 ] || { echo "local_cluster: slurmd must run as root" >&2; exit 1; }

stop # a previous cluster of the same state dir
mkdir -p "$state/spool/ctld" "$state/spool/d" "$state/munge" "$state/log"
chmod 700 "$state/munge"
host=$(hostname -s)
cpus=$(nproc)
mem_mb=$(awk '/MemTotal/ {print int($2 / 1024 * 0.9)}' /proc/meminfo)

# munge: its own key and socket (mungekey writes a fresh random key).
[ -f "$state/munge/munge.key" ] || mungekey --create --keyfile="$state/munge/munge.key" || exit 1
chmod 400 "$state/munge/munge.key"
munged --force --key-file="$state/munge/munge.key" --socket="$state/munge/munge.socket" \
    --pid-file="$state/munge/munged.pid" --log-file="$state/log/munged.log" \
    --seed-file="$state/munge/munged.seed" || { echo "local_cluster: munged failed, see $state/log/munged.log" >&2; exit 1; }
for _ in $(seq 50); do [ -s "$state/munge/munged.pid" ] && break; sleep 0.1; done
cat "$state/munge/munged.pid" > "$pids"

cat > "$state/slurm.conf" <<EOF
# Written by scripts/slurm/local_cluster.sh: a one-node test cluster.
ClusterName=wrtest
SlurmctldHost=$host
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$state/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$state/spool/ctld
SlurmdSpoolDir=$state/spool/d
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/log/slurmctld.log
SlurmdLogFile=$state/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=1024
ReturnToService=2
SlurmdTimeout=60
InactiveLimit=0
KillWait=5
NodeName=$host CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=wr Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$state/slurm.conf"

slurmctld -f "$SLURM_CONF" || { echo "local_cluster: slurmctld failed, see $state/log/slurmctld.log" >&2; stop; exit 1; }
for _ in $(seq 50); do [ -s "$state/slurmctld.pid" ] && break; sleep 0.1; done
cat "$state/slurmctld.pid" >> "$pids"
slurmd -f "$SLURM_CONF" || { echo "local_cluster: slurmd failed, see $state/log/slurmd.log" >&2; stop; exit 1; }
for _ in $(seq 50); do [ -s "$state/slurmd.pid" ] && break; sleep 0.1; done
cat "$state/slurmd.pid" >> "$pids"

# Wait for the node to register and be idle.
for _ in $(seq 60); do
    st=$(sinfo -h -n "$host" -o '%T' 2>/dev/null)
    case "$st" in idle*|mixed*|allocated*) echo "export SLURM_CONF=$SLURM_CONF"; exit 0;; esac
    sleep 0.5
done
echo "local_cluster: node $host not idle (state '${st:-?}'); see $state/log/slurmctld.log and slurmd.log" >&2
stop
exit 1
