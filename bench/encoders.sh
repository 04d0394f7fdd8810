#!/usr/bin/env bash
# Reproduces BENCHMARKS.md (f)'s encoder table and the vCPU contention figure: 1.8 hours of
# espeak-ng speech (the texts of bench (a)) encoded by ffmpeg at default and at c2a's settings,
# then the c2a MP3 encode again while espeak-ng keeps the other vCPU busy.
set -euo pipefail
work=${1:-bench-out/encoders}
mkdir -p "$work"
texts=bench-out/texts-200.txt
[ -f "$texts" ] || { echo "run ./c2a bench --only a first (it writes $texts)" >&2; exit 2; }
espeak-ng -f "$texts" -w "$work/sample.wav"
ffmpeg -v error -y -i "$work/sample.wav" -f s16le -ar 22050 -ac 1 "$work/sample.raw"
seconds() { local TIMEFORMAT=%R; { time "$@" >/dev/null 2>&1; } 2>&1; }
enc() { ffmpeg -v error -y -f s16le -ar 22050 -ac 1 -i "$work/sample.raw" "$@"; }
echo "audio: $(ffprobe -v error -show_entries format=duration -of csv=p=0 "$work/sample.wav") s"
echo "mp3 default:        $(seconds enc -c:a libmp3lame -b:a 64k "$work/a.mp3") s"
echo "mp3 as c2a:         $(seconds enc -c:a libmp3lame -compression_level 7 -b:a 64k "$work/b.mp3") s"
echo "aac default:        $(seconds enc -c:a aac -b:a 64k "$work/a.m4a") s"
echo "aac as c2a:         $(seconds enc -c:a aac -aac_coder fast -b:a 64k "$work/b.m4a") s"
echo "opus default:       $(seconds enc -ar 48000 -c:a libopus -b:a 32k "$work/a.ogg") s"
echo "opus as c2a:        $(seconds enc -ar 48000 -c:a libopus -compression_level 5 -b:a 32k "$work/b.ogg") s"
echo "flac:               $(seconds enc -c:a flac "$work/a.flac") s"
( while :; do espeak-ng -f "$texts" --stdout >/dev/null; done ) &
busy=$!
sleep 1
echo "mp3 as c2a, espeak-ng busy on the other vCPU: $(seconds enc -c:a libmp3lame -compression_level 7 -b:a 64k "$work/c.mp3") s"
kill "$busy"; wait "$busy" 2>/dev/null || true; pkill -x espeak-ng || true
