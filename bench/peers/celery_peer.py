"""The Celery peer: tasks through Redis, a prefork worker pool, espeak-ng as a subprocess per task."""
import os
import subprocess
import time

from celery import Celery

BROKER = os.environ.get("PEER_REDIS", "redis://127.0.0.1:6390/0")
OUT = os.environ.get("SEED_OUT", "/tmp/celery-out")
os.makedirs(OUT, exist_ok=True)

app = Celery("celery_peer", broker=BROKER, backend=BROKER)
app.conf.update(worker_prefetch_multiplier=1, task_acks_late=True, result_expires=3600,
                broker_connection_retry_on_startup=True)


@app.task
def speak(job_id, text):
    started = time.time_ns()
    with open(os.path.join(OUT, job_id + ".wav"), "wb") as out:
        subprocess.run(["espeak-ng", "--stdout", "-b", "1", "-v", "en", "-s", "175"],
                       input=text.encode(), stdout=out, check=True)
    return started


@app.task
def noop(job_id):
    return time.time_ns()
