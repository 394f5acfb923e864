from django.db import models


class Throttle(models.Model):
    """A request counter per client and purpose, in the database every worker shares.

    Used when the cache is per process (local memory); with Redis the counters live in the cache.
    """

    key = models.CharField(max_length=200, primary_key=True)
    window_start = models.DateTimeField()
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.key}: {self.hits} since {self.window_start:%H:%M:%S}"
