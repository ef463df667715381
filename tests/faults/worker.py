"""A coding process for fault tests: writes codings and acknowledges each commit.

Usage: python worker.py URL PROJECT DOCUMENT CODER FIRST COUNT
Prints ``ack START`` after each coding is committed, exactly as the app only
acknowledges a click after the store returned.
"""

from __future__ import annotations

import sys

from sigqual.store import Store


def main() -> None:
    url, project, document, coder, first, count = sys.argv[1:7]
    store = Store.open(url)
    pid, doc_id = int(project), int(document)
    for start in range(int(first), int(first) + int(count)):
        store.add_coding(pid, doc_id, "ff-struktur", start, start + 1, coder=coder)
        sys.stdout.write(f"ack {start}\n")
        sys.stdout.flush()
    store.close()


if __name__ == "__main__":
    main()
