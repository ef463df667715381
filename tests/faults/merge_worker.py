"""A process that dies in the middle of merging two codes (for the fault tests).

Usage: python merge_worker.py URL PROJECT SOURCE TARGET AFTER MODE
After AFTER codings have been re-pointed inside the merge's transaction it prints
``inside`` and then ends abruptly: MODE ``exit`` calls ``os._exit``, MODE ``wait``
sleeps until the test kills it with SIGKILL.
"""

from __future__ import annotations

import os
import sys
import time

from sigqual.store import Store, codebook_change


def main() -> None:
    url, project, source, target, after, mode = sys.argv[1:7]
    real = codebook_change._repoint
    done = 0

    def dying(tx, row, target_id):  # noqa: ANN001, ANN202
        nonlocal done
        if done == int(after):
            sys.stdout.write("inside\n")
            sys.stdout.flush()
            if mode == "exit":
                os._exit(9)
            time.sleep(600)
        done += 1
        return real(tx, row, target_id)

    codebook_change._repoint = dying
    store = Store.open(url)
    store.merge_codes(int(project), source, target, actor="fault")
    sys.stdout.write("finished\n")


if __name__ == "__main__":
    main()
