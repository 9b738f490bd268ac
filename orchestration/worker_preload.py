"""Imported once by the fork server of a build's local Dask workers (orchestration.parallel), before it forks
any of them: the entity recogniser loaded here is in every worker forked afterwards, its pages shared with
the fork server (copy-on-write) instead of loaded again, 250-300 MB, in each worker.

Not imported anywhere else. A failure here only costs the sharing: each worker then loads its own recogniser
(the entity step's initializer), as workers of an existing cluster always do.
"""

from __future__ import annotations

import contextlib

from orchestration import extraction

with contextlib.suppress(Exception):
    extraction._load_worker_recognizer()
