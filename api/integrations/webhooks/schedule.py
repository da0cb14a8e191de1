"""When a failed delivery is tried again, and when a failing subscription is stopped."""

import datetime as dt
import random
from dataclasses import dataclass

LONGEST_WAIT = dt.timedelta(hours=1)


@dataclass(frozen=True)
class RetryPolicy:
    first_wait: dt.timedelta
    window: dt.timedelta  # how long after the event it is still tried
    disable_after_failures: int

    def next_attempt(
        self, attempts: int, created_at: dt.datetime, now: dt.datetime
    ) -> dt.datetime | None:
        """After `attempts` failed tries: exponential, with jitter so a receiver coming back
        is not hit by every retry at once; the last try at the window's end, then None."""
        give_up_at = created_at + self.window
        if now >= give_up_at:
            return None
        wait = min(self.first_wait * 2 ** max(attempts - 1, 0), LONGEST_WAIT)
        jittered = wait * random.uniform(0.5, 1.0)
        retry_at: dt.datetime = min(now + jittered, give_up_at)
        return retry_at

    def disabling_reason(
        self, consecutive_failures: int, failing_since: dt.datetime | None, now: dt.datetime
    ) -> str | None:
        if consecutive_failures >= self.disable_after_failures:
            return f"Disabled after {consecutive_failures} consecutive failed deliveries."
        if failing_since is not None and now - failing_since >= self.window:
            hours = self.window.total_seconds() / 3600
            return f"Disabled: every delivery failed for {hours:g} hours."
        return None
