#!/usr/bin/env bash
# Start-to-first-frame of the real binary in a real terminal (tmux, private socket), and
# bytes the terminal receives for the first screen and for a keypress (tmux pipe-pane).
# Usage: scripts/bench-explorer-tmux.sh [path/to/kubewalk] [runs]
set -euo pipefail
bin=$(realpath "${1:-.build/release/kubewalk}")
runs=${2:-10}
sock="kwbench-$$"
T="tmux -L $sock"
tmp=$(mktemp -d)
trap '$T kill-server 2>/dev/null || true; rm -rf "$tmp"' EXIT
$T -f /dev/null new-session -d -s b -x 120 -y 40 "env -i PATH=/usr/bin:/bin HOME=/tmp TERM=tmux-256color LANG=C.UTF-8 bash --norc --noprofile"
sleep 0.3
times=()
for i in $(seq 1 "$runs"); do
  rm -f "$tmp/ff"
  $T send-keys -t b "s=\$(date +%s%N); KUBEWALK_FIRST_FRAME_FILE=$tmp/ff $bin; echo \$s > $tmp/start" Enter
  for _ in $(seq 1 100); do [ -s "$tmp/ff" ] && break; sleep 0.05; done
  if [ "$i" -eq "$runs" ]; then
    $T pipe-pane -t b -o "cat > $tmp/bytes"; sleep 0.2
    before=$(stat -c %s "$tmp/bytes" 2>/dev/null || echo 0)
    $T send-keys -t b j; sleep 0.3
    after=$(stat -c %s "$tmp/bytes" 2>/dev/null || echo 0)
    $T send-keys -t b Down; sleep 0.3
    after2=$(stat -c %s "$tmp/bytes" 2>/dev/null || echo 0)
    $T pipe-pane -t b
  fi
  $T send-keys -t b q; sleep 0.3
  start=$(cat "$tmp/start"); ff=$(cat "$tmp/ff")
  times+=($(( (ff - start) / 1000 )))
done
printf 'start → first frame on the terminal (µs), %d runs: %s\n' "$runs" "${times[*]}"
sorted=($(printf '%s\n' "${times[@]}" | sort -n)); echo "median: $(( sorted[${#sorted[@]}/2] / 1000 )) ms"
echo "bytes sent for one keypress (j, then Down): $(( after - before )) and $(( after2 - after ))"

# Animating: CPU of the live process (utime+stime from /proc over 4 s) and bytes the
# terminal receives per frame (pipe-pane), while a trace plays at 30 fps in 120x40.
$T send-keys -t b "clear; $bin" Enter
sleep 1.5
$T send-keys -t b -l ":trace --from default/client http://wear-service:8080/"
$T send-keys -t b Enter
sleep 0.5
shell=$($T display -p -t b '#{pane_pid}')
pid=$(cat /proc/$shell/task/$shell/children | awk '{print $1}')
hz=$(getconf CLK_TCK)
t0=$(awk '{print $14+$15}' /proc/$pid/stat)
$T pipe-pane -t b -o "cat > $tmp/anim"
sleep 4
$T pipe-pane -t b
t1=$(awk '{print $14+$15}' /proc/$pid/stat)
bytes=$(stat -c %s "$tmp/anim")
awk -v d=$((t1 - t0)) -v hz=$hz -v b=$bytes 'BEGIN { printf "animating 4 s at 30 fps (120 frames): CPU %.1f %% of one core; %d bytes = %.0f bytes per frame\n", d / hz / 4 * 100, b, b / 120 }' 
$T send-keys -t b q
sleep 0.3
