"""Writing what a batch's sends came to, through a database outage.

The receivers have the deliveries already: a worker that gave up on recording them would
leave its claims to expire and another would send them all again. So the record is tried
again, a little later each time, for as long as the database cannot answer (up to a
limit): while it is down no other worker can take the claims either. Once it is back,
this worker's own batches leave the deliveries it holds alone; another worker could take
them only after their lease (2 minutes by default) has run out. So only a worker that dies,
or an outage longer than the lease, sends a delivery twice.
"""

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Awaitable, Callable

from api.core.outages import is_database_outage

log = logging.getLogger("trellis.webhooks")
FIRST_WAIT, LONGEST_WAIT = 0.1, 5.0
# Past this, the batch is given up and its deliveries go out again once due.
PATIENCE = dt.timedelta(minutes=15)


async def until_written(
    write: Callable[[], Awaitable[None]], patience: dt.timedelta = PATIENCE
) -> None:
    """Run `write` until it goes through, while the database is out of reach."""
    deadline = time.monotonic() + patience.total_seconds()
    wait = FIRST_WAIT
    while True:
        try:
            await write()
            return
        except Exception as error:
            if not is_database_outage(error) or time.monotonic() + wait >= deadline:
                raise
            log.warning("recording webhook deliveries waits for the database: %s", error)
        await asyncio.sleep(wait)
        wait = min(wait * 2, LONGEST_WAIT)
