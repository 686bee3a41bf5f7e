"""Executes a notebook end to end with nbclient; exit code 1 if a cell fails.

    python run_notebook.py analyst.ipynb [--out executed.ipynb] [--timeout 300]
"""

import argparse
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("notebook", type=Path)
    ap.add_argument("--out", type=Path, help="where to save the executed notebook (with outputs)")
    ap.add_argument("--timeout", type=int, default=300, help="seconds a cell may run")
    args = ap.parse_args()
    nb = nbformat.read(args.notebook, as_version=4)
    client = NotebookClient(nb, timeout=args.timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(args.notebook.resolve().parent)}})
    failed = None
    try:
        client.execute()
    except CellExecutionError as e:
        failed = e
    finally:
        if args.out:
            args.out.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, args.out)
    if failed:
        print(f"FAIL: {args.notebook}: a cell raised:\n{failed}", file=sys.stderr)
        return 1
    cells = sum(1 for c in nb.cells if c.cell_type == "code")
    print(f"{args.notebook}: {cells} code cells ran without error")
    return 0


if __name__ == "__main__":
    sys.exit(main())
