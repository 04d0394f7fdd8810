"""The seed-style peer: a FastAPI control thread, worker threads, an in-memory queue and espeak-ng
as a subprocess per job. Not durable: a restart loses every queued job."""
import os
import queue
import subprocess
import threading
import time
import uuid

from fastapi import FastAPI
from pydantic import BaseModel

WORKERS = int(os.environ.get("SEED_WORKERS", "2"))
ENGINE = os.environ.get("SEED_ENGINE", "espeak-ng")
OUT = os.environ.get("SEED_OUT", "/tmp/seed-out")
os.makedirs(OUT, exist_ok=True)

app = FastAPI()
jobs = {}
pending = queue.Queue()
busy = [None] * WORKERS
lock = threading.Lock()


class JobIn(BaseModel):
    text: str


class Batch(BaseModel):
    jobs: list[JobIn]


def speak(job):
    if ENGINE == "noop":
        return
    with open(os.path.join(OUT, job["id"] + ".wav"), "wb") as out:
        subprocess.run(["espeak-ng", "--stdout", "-b", "1", "-v", "en", "-s", "175"],
                       input=job["text"].encode(), stdout=out, check=True)


def worker(index):
    while True:
        job = pending.get()
        job["started_ns"] = time.time_ns()
        job["state"] = "running"
        busy[index] = job["id"]
        try:
            speak(job)
            job["state"] = "succeeded"
        except Exception as e:  # noqa: BLE001 - the seed records any failure
            job["state"] = "failed"
            job["error"] = str(e)
        busy[index] = None


for i in range(WORKERS):
    threading.Thread(target=worker, args=(i,), daemon=True).start()


def enqueue(text):
    job = {"id": str(uuid.uuid4()), "text": text, "state": "queued"}
    jobs[job["id"]] = job
    pending.put(job)
    return {"id": job["id"], "state": "queued"}


@app.post("/v1/jobs", status_code=202)
def submit(job: JobIn):
    return enqueue(job.text)


@app.post("/v1/jobs/batch", status_code=202)
def submit_batch(batch: Batch):
    return {"jobs": [enqueue(j.text) for j in batch.jobs]}


@app.get("/v1/jobs/{job_id}")
def get_job(job_id: str):
    job = jobs[job_id]
    return {k: v for k, v in job.items() if k != "text"}


@app.get("/v1/service")
def status():
    counts = {"queued": 0, "running": 0, "succeeded": 0, "failed": 0}
    for job in list(jobs.values()):
        counts[job["state"]] += 1
    return {"state": "running", "workers": [{"id": i, "job": b} for i, b in enumerate(busy)],
            "busy": sum(1 for b in busy if b), "jobs": counts}
