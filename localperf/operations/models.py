"""What the running service records about itself: each task worker's heartbeat."""

from django.db import models


class WorkerHeartbeat(models.Model):
    """A task worker's sign of life, saved every few seconds by ``manage.py worker``.

    ``/readyz`` asks for a recent one when background work runs in workers, and a worker
    starting up settles the tasks of workers whose heartbeat stopped (killed mid-task).
    """

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"worker {self.worker_id} on {self.host} (pid {self.pid})"
