"""Speech per engine through c2a: intelligibility (word error rate of a recogniser), real-time factor,
first-audio latency and memory.

Run from the repository root, after building the jar:

    /usr/bin/python3 bench/speech/run.py [ENGINE[:VOICE] ...] [--set ENGINE:KEY=VALUE ...] [--rounds N]

ENGINE is any `engine=` name c2a knows (default: espeak-ng and flite, and marytts when
marytts/target/c2a-marytts.jar is built); VOICE defaults to the engine's English voice. Settings
given as `--set ENGINE:KEY=VALUE` go to that engine's service only, for example
`piper --set piper:engine.piper.voices=piper/src/test/resources/voices` (the test voice).

For each round and each engine (the order reversed every other round), the script starts
`./c2a serve --set engine=ENGINE` on a free loopback port with a temporary data directory, warms
it up (--warmup sentences and the paragraph, uncounted), and measures through the real HTTP API:

- real-time factor: seconds of audio per second of wall time, `POST /v1/audio/speech` (WAV), one
  call at a time, each sentence of bench/speech/harvard.txt, then all of them as one paragraph;
  the reference, run just before: the engine's own command line on the same sentences
  (`espeak-ng -w`, `flite -o`), one process each at c2a's engine priority (nice 10), compared by wall time (c2a trims the engine's
  silence at both ends of a sentence, so its audio is shorter);
- first audio: time from sending the request to the first byte of audio (WAV: the first byte after
  the header; MP3: the first byte), median of --repeats calls, one sentence and the paragraph;
- memory: the service's VmRSS and VmHWM (and its child processes' RSS, e.g. espeak-ng's resident
  helper) after the warm-up and after the run;
- intelligibility (first round only; synthesis and recognition are deterministic): each set
  (harvard.txt's lists, written.txt), all its sentences in one job (`POST /v1/jobs`, WAV), with c2a's normalisation and with
  `options.normalize: false`, and through the engine's command line directly; every file resampled
  to 16 kHz mono by ffmpeg and recognised by Debian's pocketsphinx (`pocketsphinx_continuous`, the
  `pocketsphinx-en-us` model); word error rate = word-level edit distance / reference words, after
  lower-casing, dropping apostrophes, turning every other character but a-z and 0-9 into a space, and
  spelling out the recogniser's dr, mr, mrs, st.

Needs ffmpeg, pocketsphinx, pocketsphinx-en-us, and the engines' command lines for the reference.
"""
import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
MODEL = "/usr/share/pocketsphinx/model/en-us"
MARYTTS_JAR = os.path.join(ROOT, "marytts", "target", "c2a-marytts.jar")

# The engine's own command line writing a WAV file, for engines that have one: (voice, text, out) -> argv.
# Both are called as c2a calls them, minus c2a's text handling (espeak-ng: its default 175 words a minute),
# and at the CPU priority c2a gives its engines (dev.c2a.process.Nice): on a machine busy with other work
# a reference at the normal priority would get more of the CPU than the engine c2a runs.
NICE = ["nice", "-n", "10"] if shutil.which("nice") else []
DIRECT = {
    "espeak-ng": lambda voice, text, out: NICE + ["espeak-ng", "-v", voice, "-w", out, "--", text],
    "flite": lambda voice, text, out: NICE + ["flite", "-voice", voice, "-t", text, "-o", out],
}


# ---- texts and scoring ----

def harvard():
    """{list name: [sentences]} from harvard.txt."""
    lists, current = {}, None
    for line in open(os.path.join(HERE, "harvard.txt"), encoding="utf-8"):
        line = line.strip()
        if line.startswith("## "):
            current = line[3:]
            lists[current] = []
        elif line and not line.startswith("#"):
            lists[current].append(line)
    return lists


def written():
    """[(text as written, words said)] from written.txt."""
    pairs = []
    for line in open(os.path.join(HERE, "written.txt"), encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            text, said = line.split("|")
            pairs.append((text.strip(), said.strip()))
    return pairs


# the recogniser's dictionary spells some words as abbreviations; the references spell them out
SPELLED_OUT = {"dr": "doctor", "mr": "mister", "mrs": "missus", "st": "street"}


def words(text):
    """Lower case, apostrophes dropped (it's = its: a recogniser cannot hear the difference), every other
    character but a-z and 0-9 a space."""
    return [SPELLED_OUT.get(w, w) for w in re.sub(r"[^a-z0-9]+", " ", text.lower().replace("'", "")).split()]


def edits(ref, hyp):
    """Word-level Levenshtein distance."""
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[len(hyp)]


def recognise(wav, scratch):
    """pocketsphinx's words for a WAV file (any rate), resampled to what its model wants: 16 kHz mono 16-bit."""
    pcm16 = os.path.join(scratch, "16k.wav")
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", wav, "-ar", "16000", "-ac", "1", "-c:a", "pcm_s16le", pcm16],
                   check=True)
    out = subprocess.run(["pocketsphinx_continuous", "-infile", pcm16, "-hmm", MODEL + "/en-us",
                          "-lm", MODEL + "/en-us.lm.bin", "-dict", MODEL + "/cmudict-en-us.dict", "-logfn", os.devnull],
                         check=True, capture_output=True, text=True).stdout
    return " ".join(out.split())


# ---- WAV and /proc ----

def wav_layout(data):
    """(sample rate, channels, bits, offset of the samples) of a WAV whose sizes may say 'unknown' (streamed)."""
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise ValueError("not a WAV file")
    pos, rate = 12, None
    while pos + 8 <= len(data):
        chunk, size = data[pos:pos + 4], int.from_bytes(data[pos + 4:pos + 8], "little")
        if chunk == b"fmt ":
            channels = int.from_bytes(data[pos + 10:pos + 12], "little")
            rate = int.from_bytes(data[pos + 12:pos + 16], "little")
            bits = int.from_bytes(data[pos + 22:pos + 24], "little")
        elif chunk == b"data":
            return rate, channels, bits, pos + 8
        pos += 8 + size + (size & 1)
    raise ValueError("WAV without a data chunk")


def wav_seconds(data):
    rate, channels, bits, offset = wav_layout(data)
    return (len(data) - offset) / (rate * channels * bits // 8)


def memory(pid):
    """The process's VmRSS and VmHWM, and its descendants' summed VmRSS, in MiB."""
    def status(p):
        try:
            with open(f"/proc/{p}/status") as f:
                return {k: int(v.split()[0]) / 1024 for k, v in (l.split(":", 1) for l in f) if k in ("VmRSS", "VmHWM")}
        except (FileNotFoundError, ProcessLookupError):
            return {}
    children, todo = [], [pid]
    while todo:
        p = todo.pop()
        for task in os.listdir(f"/proc/{p}/task") if os.path.exists(f"/proc/{p}/task") else []:
            try:
                with open(f"/proc/{p}/task/{task}/children") as f:
                    kids = [int(c) for c in f.read().split()]
            except FileNotFoundError:
                kids = []
            children += kids
            todo += kids
    own = status(pid)
    return {"rss": own.get("VmRSS"), "hwm": own.get("VmHWM"),
            "children": sum(status(c).get("VmRSS", 0) for c in children), "child_count": len(children)}


# ---- the service ----

class Service:
    """`./c2a serve` with one engine, on a free loopback port, with a temporary data directory."""

    def __init__(self, engine, settings, scratch):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.data = tempfile.mkdtemp(prefix="data-", dir=scratch)
        self.log = open(os.path.join(self.data, "serve.log"), "w")
        cmd = [os.path.join(ROOT, "c2a"), "serve", "--host", "127.0.0.1", "--port", str(self.port), "--data", self.data,
               "--set", "engine=" + engine]
        for s in settings:
            cmd += ["--set", s]
        began = time.perf_counter()
        # ./c2a ends in exec: this pid is the JVM's
        self.process = subprocess.Popen(cmd, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 180
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"c2a serve --set engine={engine} exited: " + self.log_tail())
            try:
                if self.call("GET", "/readyz")[0] == 200:
                    break
            except OSError:
                pass
            if time.time() > deadline:
                raise RuntimeError("c2a did not become ready: " + self.log_tail())
            time.sleep(0.1)
        self.ready_seconds = time.perf_counter() - began

    def log_tail(self):
        self.log.flush()
        with open(self.log.name) as f:
            return "".join(f.readlines()[-15:])

    def call(self, method, path, body=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        try:
            conn.request(method, path, None if body is None else json.dumps(body),
                         {"Content-Type": "application/json"} if body is not None else {})
            r = conn.getresponse()
            return r.status, r.read()
        finally:
            conn.close()

    def json(self, method, path, body=None):
        status, data = self.call(method, path, body)
        if status >= 300:
            raise RuntimeError(f"{method} {path}: {status} {data[:300]!r}")
        return json.loads(data)

    def speech(self, model, voice, text, fmt):
        """One streamed POST /v1/audio/speech: (seconds to the first audio byte, whole seconds, body)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        try:
            body = json.dumps({"model": model, "voice": voice, "input": text, "response_format": fmt})
            began = time.perf_counter()
            conn.request("POST", "/v1/audio/speech", body, {"Content-Type": "application/json"})
            r = conn.getresponse()
            if r.status != 200:
                raise RuntimeError(f"/v1/audio/speech: {r.status} {r.read()[:300]!r}")
            data = b""
            # a WAV's audio begins after its header (44 bytes from c2a); an MP3's with its first byte
            header = 44 if fmt == "wav" else 0
            while len(data) <= header:
                piece = r.read(1)
                if not piece:
                    raise RuntimeError("/v1/audio/speech ended before any audio")
                data += piece
            first = time.perf_counter() - began
            data += r.read()
            return first, time.perf_counter() - began, data
        finally:
            conn.close()

    def job(self, voice, text, normalize):
        """One WAV job, waited for: its audio."""
        options = {} if normalize else {"normalize": False}
        job = self.json("POST", "/v1/jobs", {"text": text, "voice": voice, "format": "wav", "options": options})
        while True:
            state = self.json("GET", f"/v1/jobs/{job['id']}")["state"]
            if state == "succeeded":
                break
            if state in ("failed", "cancelled"):
                raise RuntimeError(f"job {job['id']} {state}")
            time.sleep(0.05)
        status, data = self.call("GET", f"/v1/jobs/{job['id']}/audio")
        if status != 200:
            raise RuntimeError(f"job audio: {status}")
        return data

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def english_voice(service, engine):
    catalog = service.json("GET", "/v1/voices?engine=" + engine)
    default = catalog.get("defaults", {}).get("en")
    if default:
        return default
    voices = [v["id"] for v in catalog["voices"] if v["language"].lower().startswith("en")] or \
             [v["id"] for v in catalog["voices"]]
    if not voices:
        raise RuntimeError(f"{engine} has no voices")
    return voices[0]


# ---- one engine, one round ----

def direct_wav(engine, voice, text, out):
    """Seconds the engine's own command line takes to write TEXT to OUT, or None without one."""
    if engine not in DIRECT:
        return None
    began = time.perf_counter()
    subprocess.run(DIRECT[engine](voice.split(":", 1)[1], text, out), check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - began


def measure(engine, voice_spec, settings, sentences, args, scratch, intelligibility):
    service = Service(engine, settings, scratch)
    try:
        voice = voice_spec or english_voice(service, engine)
        paragraph = " ".join(sentences)
        result = {"engine": engine, "voice": voice, "ready_seconds": service.ready_seconds}
        # warm-up, not counted: the JIT, the engine's first call, ffmpeg's first start
        for text in (sentences * args.warmup)[:args.warmup] + [paragraph]:
            service.speech(engine, voice, text, "wav")
        service.speech(engine, voice, sentences[0], "mp3")
        result["memory_warm"] = memory(service.process.pid)

        # real-time factor: the engine directly just before, then c2a; one call at a time
        wav = os.path.join(scratch, "direct.wav")
        if engine in DIRECT:
            audio = wall = 0.0
            for text in sentences:
                wall += direct_wav(engine, voice, text, wav)
                with open(wav, "rb") as f:
                    audio += wav_seconds(f.read())
            result.update(direct_rtf=audio / wall, direct_seconds=wall)
        audio = wall = 0.0
        for text in sentences:
            _, seconds, data = service.speech(engine, voice, text, "wav")
            audio, wall = audio + wav_seconds(data), wall + seconds
        # c2a trims the engine's silence at both ends, so the ratio is of wall times, not of real-time factors
        result.update(c2a_rtf=audio / wall, c2a_seconds=wall)
        _, seconds, data = service.speech(engine, voice, paragraph, "wav")
        result["c2a_paragraph_rtf"] = wav_seconds(data) / seconds
        result["paragraph_audio_seconds"] = wav_seconds(data)

        # first audio, alternating the inputs and formats
        firsts = {(n, f): [] for n in ("sentence", "paragraph") for f in ("wav", "mp3")}
        for i in range(args.repeats):
            for (name, fmt), times in firsts.items():
                text = sentences[(i + 1) % len(sentences)] if name == "sentence" else paragraph
                times.append(service.speech(engine, voice, text, fmt)[0])
        result["first_audio_ms"] = {f"{n} {f}": statistics.median(t) * 1000 for (n, f), t in firsts.items()}

        if intelligibility:
            result["wer"] = speak_for_recognition(service, engine, voice, scratch)
        result["memory_after"] = memory(service.process.pid)
        return result
    finally:
        service.stop()


def speak_for_recognition(service, engine, voice, scratch):
    """Each test set spoken as one text three ways, written to disk; recognised after the service stopped.

    One text a set, not one a sentence: pocketsphinx adapts its cepstral mean as it listens, and on a
    single short sentence it never settles (espeak-ng's list 1 scores 90-95% one sentence at a time,
    79% as one text)."""
    sets = {f"harvard {name}": [(s, s) for s in lines] for name, lines in harvard().items()}
    sets["written"] = written()
    files = []
    ways = [("c2a", True), ("c2a normalize:false", False)] + ([("direct", None)] if engine in DIRECT else [])
    for set_name, pairs in sets.items():
        text, said = " ".join(t for t, _ in pairs), " ".join(w for _, w in pairs)
        for way, normalize in ways:
            out = os.path.join(scratch, f"{voice.replace(':', '_')}-{set_name.replace(' ', '_')}-{way.split()[-1]}.wav")
            if normalize is None:
                direct_wav(engine, voice, text, out)
            else:
                with open(out, "wb") as f:
                    f.write(service.job(voice, text, normalize))
            files.append((set_name, way, said, out))
    return files


def score(files, scratch):
    """{set: {way: {"wer", "errors", "words", "heard"}}}."""
    table = {}
    for set_name, way, said, wav in files:
        ref, heard = words(said), recognise(wav, scratch)
        e = edits(ref, words(heard))
        table.setdefault(set_name, {})[way] = {"wer": e / len(ref), "errors": e, "words": len(ref), "heard": heard}
    return table


# ---- report ----

def span(values, fmt):
    values = [v for v in values if v is not None]
    if not values:
        return "n/a"
    lo, hi = min(values), max(values)
    return fmt.format(lo) if fmt.format(lo) == fmt.format(hi) else fmt.format(lo) + "–" + fmt.format(hi)


def report(specs, runs, wers):
    print("\nword error rate (pocketsphinx 0.8, en-us; lower is better): errors / reference words")
    for spec in specs:
        for set_name, ways in wers.get(spec, {}).items():
            cells = ", ".join(f"{way} {c['wer'] * 100:5.1f}% ({c['errors']}/{c['words']})" for way, c in ways.items())
            print(f"  {spec:16} {set_name:15} {cells}")
    print(f"\nper engine, ranges over {len(runs[specs[0]])} rounds")
    for spec in specs:
        rs = runs[spec]
        print(f"  {spec} ({rs[0]['voice']}): ready after {span([r['ready_seconds'] for r in rs], '{:.1f}')} s")
        print(f"    real time x, one sentence a call: c2a {span([r['c2a_rtf'] for r in rs], '{:.1f}')}, "
              f"engine directly {span([r.get('direct_rtf') for r in rs], '{:.1f}')}, "
              f"wall time direct / c2a {span([r['direct_seconds'] / r['c2a_seconds'] if r.get('direct_seconds') else None for r in rs], '{:.2f}')}; "
              f"the paragraph ({rs[0]['paragraph_audio_seconds']:.0f} s of audio) as one call: "
              f"{span([r['c2a_paragraph_rtf'] for r in rs], '{:.1f}')}")
        keys = rs[0]["first_audio_ms"].keys()
        print("    first audio, median of each round (ms): "
              + ", ".join(f"{k} {span([r['first_audio_ms'][k] for r in rs], '{:.0f}')}" for k in keys))
        for when in ("memory_warm", "memory_after"):
            m = [r[when] for r in rs]
            print(f"    {when.replace('_', ' ')}: JVM VmRSS {span([x['rss'] for x in m], '{:.0f}')} MiB, "
                  f"VmHWM {span([x['hwm'] for x in m], '{:.0f}')} MiB, child processes "
                  f"{span([x['children'] for x in m], '{:.0f}')} MiB ({span([x['child_count'] for x in m], '{}')})")


def parse_settings(specs, settings):
    """{engine name: [KEY=VALUE]} from --set ENGINE:KEY=VALUE."""
    per_engine = {spec.partition(":")[0]: [] for spec in specs}
    for s in settings:
        name, sep, setting = s.partition(":")
        if not sep or name not in per_engine or "=" not in setting:
            raise SystemExit(f"--set {s}: expected ENGINE:KEY=VALUE with ENGINE one of {', '.join(per_engine)}")
        per_engine[name].append(setting)
    return per_engine


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("engines", nargs="*", help="ENGINE or ENGINE:VOICE (default: espeak-ng flite [marytts])")
    p.add_argument("--set", action="append", default=[], metavar="ENGINE:KEY=VALUE",
                   help="a setting for that engine's service, e.g. piper:engine.piper.voices=DIR")
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--repeats", type=int, default=5, help="first-audio calls per input and format per round")
    p.add_argument("--warmup", type=int, default=40, help="warm-up sentences before measuring")
    p.add_argument("--no-wer", action="store_true", help="skip the intelligibility part")
    p.add_argument("--keep", metavar="DIR", help="keep the audio, the recogniser's words and results.json here")
    args = p.parse_args()
    specs = args.engines or (["espeak-ng", "flite"] + (["marytts"] if os.path.exists(MARYTTS_JAR) else []))
    settings = parse_settings(specs, args.set)
    for tool in ["ffmpeg"] + ([] if args.no_wer else ["pocketsphinx_continuous"]):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is missing (Debian: apt-get install ffmpeg pocketsphinx pocketsphinx-en-us)")
    if not args.no_wer and not os.path.exists(MODEL + "/en-us.lm.bin"):
        raise SystemExit(f"no recogniser model in {MODEL} (Debian: apt-get install pocketsphinx-en-us)")
    sentences = [s for lines in harvard().values() for s in lines]

    scratch = os.path.abspath(args.keep) if args.keep else tempfile.mkdtemp(prefix="c2a-speech-")
    os.makedirs(scratch, exist_ok=True)
    print(f"cpus {os.cpu_count()}, load {os.getloadavg()[0]:.2f}; scratch {scratch}", flush=True)
    runs, spoken = {spec: [] for spec in specs}, {}
    try:
        for round_ in range(args.rounds):
            for spec in specs if round_ % 2 == 0 else specs[::-1]:
                print(f"round {round_ + 1}: {spec} (load {os.getloadavg()[0]:.2f})", flush=True)
                name = spec.partition(":")[0]
                r = measure(name, spec if ":" in spec else None, settings[name], sentences, args, scratch,
                            intelligibility=round_ == 0 and not args.no_wer)
                if "wer" in r:
                    spoken[spec] = r.pop("wer")
                runs[spec].append(r)
                print("  " + json.dumps(r), flush=True)
        wers = {}
        for spec, files in spoken.items():
            print(f"recognising {spec}'s {len(files)} files", flush=True)
            wers[spec] = score(files, scratch)
        report(specs, runs, wers)
        if args.keep:
            with open(os.path.join(scratch, "results.json"), "w") as f:
                json.dump({"runs": runs, "wer": wers}, f, indent=1)
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
