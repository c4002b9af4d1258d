"""Batch scoring: a CSV or Parquet file (or a folder of them) in, predictions beside the row ids out.

`score` streams: it reads CHUNK rows at a time, predicts them with the
project's model (digest-checked, loaded and warmed up as the API does) and
appends them to OUTPUT, so memory stays bounded whatever the input's size.

- Input: `.csv` files with a header row, or `.parquet` files; a folder means
  every such file in it (in name order), as Spark and most tools write them.
- Each row's input is the list of its feature columns' values (every column but
  the id column unless --columns names them), in column order; CSV values that
  read as numbers become numbers. The id column (--id-column, default `id`) is
  copied to the output; without one, a row is known by its file and number.
- Output: CSV, or Parquet when OUTPUT ends with .parquet; the id, then one
  column per field of a prediction that is an object, else one `prediction`
  column (lists and objects as JSON text; in Parquet every column is text).
- A row the model rejects, or that cannot be read, goes to the rejects file
  (OUTPUT.rejected.csv unless --rejects) with its source, row number, id and
  the reason; the run goes on. A chunk the model refuses is split in halves
  until the bad rows are found, so good rows around them are still scored.
- OUTPUT and the rejects file are written under temporary names and renamed
  at the end: a failed run leaves no half-written file.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from .commands import CommandError
from .interface import LeoModel

CHUNK = 10_000
CSV_SUFFIXES = (".csv",)
#: Longest CSV field read: a longer one ends the run, with one line saying where.
FIELD_LIMIT = 64 * 1024 * 1024
PARQUET_SUFFIXES = (".parquet", ".parq", ".pq")
PROGRESS_SECONDS = 1.0


@dataclass
class Chunk:
    """Rows of one input file: their ids, row numbers (1 = first data row) and model inputs."""

    source: str
    ids: list[str] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    inputs: list[list[Any]] = field(default_factory=list)
    #: Rows that could not even be read: (row number, id, reason).
    unreadable: list[tuple[int, str, str]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.inputs) + len(self.unreadable)


def input_files(path: Path) -> list[Path]:
    """The CSV or Parquet files INPUT stands for; a CommandError when there are none."""
    if path.is_dir():
        files = sorted(
            file
            for file in path.iterdir()
            if file.is_file()
            and not file.name.startswith((".", "_"))
            and file.suffix.lower() in CSV_SUFFIXES + PARQUET_SUFFIXES
        )
        if not files:
            raise CommandError(f"{path} holds no .csv or .parquet file")
        return files
    if not path.is_file():
        raise CommandError(f"input {path} not found")
    if path.suffix.lower() not in CSV_SUFFIXES + PARQUET_SUFFIXES:
        raise CommandError(f"input {path} must be a .csv or .parquet file, or a folder of them")
    return [path]


def is_parquet(path: Path) -> bool:
    return path.suffix.lower() in PARQUET_SUFFIXES


def _parquet() -> Any:
    try:
        import pyarrow.parquet
    except ImportError:
        raise CommandError("Parquet needs pyarrow: pip install pyarrow") from None
    return pyarrow.parquet


def csv_value(text: str) -> Any:
    """A CSV field as the model sees it: a number when it reads as one, None when empty, else the text."""
    if text == "":
        return None
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


@dataclass(frozen=True)
class Columns:
    """Which columns of a file are the id and the features."""

    id_column: str
    features: Sequence[str] | None

    def pick(self, header: Sequence[str], source: Path) -> tuple[int | None, list[int]]:
        missing = [name for name in self.features or () if name not in header]
        if missing:
            raise CommandError(f"{source} lacks the column(s) {', '.join(missing)}; it has {', '.join(header)}")
        id_index = header.index(self.id_column) if self.id_column in header else None
        names = self.features or [name for name in header if name != self.id_column]
        if not names:
            raise CommandError(f"{source} has no feature columns besides {self.id_column}")
        return id_index, [header.index(name) for name in names]


class Progress:
    """Rows read so far, and what the file sizes say of the rest, on standard error."""

    def __init__(self, total_bytes: int, stream: TextIO = sys.stderr) -> None:
        self.total_bytes, self.stream = total_bytes, stream
        self.started = self._shown = time.perf_counter()
        self.rows = self.rejected = 0
        self.done_bytes = 0
        self.tty = stream.isatty()

    def update(self, rows: int, rejected: int, position: int) -> None:
        self.rows += rows
        self.rejected += rejected
        now = time.perf_counter()
        if now - self._shown >= (0.2 if self.tty else PROGRESS_SECONDS * 5):
            self._shown = now
            share = min(1.0, (self.done_bytes + position) / self.total_bytes) if self.total_bytes else 1.0
            line = (
                f"scoring: {self.rows:,} rows ({self.rejected:,} rejected), {share:.0%} of the input, "
                f"{self.rate():,.0f} rows/s"
            )
            self.stream.write(f"\r{line}\033[K" if self.tty else line + "\n")
            self.stream.flush()

    def rate(self) -> float:
        return self.rows / max(time.perf_counter() - self.started, 1e-9)

    def close(self) -> None:
        if self.tty:
            self.stream.write("\r\033[K")
            self.stream.flush()


def check_columns(files: list[Path], columns: Columns) -> None:
    """Every file has the columns asked for: checked before anything is written."""
    for path in files:
        if is_parquet(path):
            parquet = _parquet()
            try:
                header = parquet.read_schema(path).names
            except Exception as exc:  # pyarrow's errors: not a Parquet file, truncated...
                raise CommandError(f"cannot read {path} as Parquet: {exc}") from None
        else:
            with open(path, newline="", encoding="utf-8", errors="replace") as file:
                header = next(csv.reader(file), None)
            if header is None:
                continue  # an empty file: no rows to score
        columns.pick(header, path)


def csv_chunks(path: Path, columns: Columns, size: int) -> Iterator[tuple[Chunk, int]]:
    """Chunks of a CSV file, each with the byte position reached."""
    # A long field is a row to reject, not the end of the run (the csv module's limit is 128 KiB).
    csv.field_size_limit(FIELD_LIMIT)
    # The text is read through `raw`, whose position is the bytes read so far.
    with open(path, "rb") as raw, io.TextIOWrapper(raw, newline="", encoding="utf-8", errors="replace") as file:
        reader = csv.reader(file)
        header = next(reader, None)
        if header is None:
            return
        id_index, feature_indices = columns.pick(header, path)
        chunk = Chunk(path.name)
        for number, record in enumerate(reader, start=1):
            row_id = record[id_index] if id_index is not None and id_index < len(record) else f"{path.name}:{number}"
            if len(record) != len(header):
                chunk.unreadable.append((number, row_id, f"{len(record)} fields, the header has {len(header)}"))
            else:
                chunk.ids.append(row_id)
                chunk.numbers.append(number)
                chunk.inputs.append([csv_value(record[index]) for index in feature_indices])
            if len(chunk) >= size:
                yield chunk, raw.tell()
                chunk = Chunk(path.name)
        if len(chunk):
            yield chunk, raw.tell()


def parquet_chunks(path: Path, columns: Columns, size: int) -> Iterator[tuple[Chunk, int]]:
    """Chunks of a Parquet file, one record batch at a time, each with the share of the file read (in bytes)."""
    parquet = _parquet()
    try:
        file = parquet.ParquetFile(path)
    except Exception as exc:  # pyarrow's errors: not a Parquet file, truncated...
        raise CommandError(f"cannot read {path} as Parquet: {exc}") from None
    header = file.schema_arrow.names
    id_index, feature_indices = columns.pick(header, path)
    names = [header[index] for index in feature_indices]
    read = ([header[id_index]] if id_index is not None else []) + names
    total, number, file_bytes = max(file.metadata.num_rows, 1), 0, path.stat().st_size
    for batch in file.iter_batches(batch_size=size, columns=read):
        values = [batch.column(name).to_pylist() for name in names]
        ids = batch.column(header[id_index]).to_pylist() if id_index is not None else None
        chunk = Chunk(path.name)
        for offset in range(batch.num_rows):
            chunk.numbers.append(number + offset + 1)
            chunk.ids.append(str(ids[offset]) if ids is not None else f"{path.name}:{number + offset + 1}")
            chunk.inputs.append([column[offset] for column in values])
        number += batch.num_rows
        yield chunk, file_bytes * number // total


def read_chunks(path: Path, columns: Columns, size: int) -> Iterator[tuple[Chunk, int]]:
    """Every input file's chunks in turn; the position counts bytes from the first file's start."""
    done = 0
    for file in input_files(path):
        chunks = parquet_chunks if is_parquet(file) else csv_chunks
        try:
            for chunk, position in chunks(file, columns, size):
                yield chunk, done + position
        except csv.Error as exc:  # a field beyond FIELD_LIMIT: what follows it cannot be trusted
            raise CommandError(f"{file.name}: {exc}") from None
        done += file.stat().st_size


def predict_rows(model: LeoModel, inputs: list[list[Any]]) -> list[tuple[Any, str | None]]:
    """(prediction, None) or (None, reason) per row; a batch the model refuses is split to find the bad rows."""
    if not inputs:
        return []
    try:
        predictions = model.predict(inputs)
        if not isinstance(predictions, list) or len(predictions) != len(inputs):
            raise TypeError(f"{type(model).__name__}.predict must return a list with one prediction per input")
        return [(prediction, None) for prediction in predictions]
    except Exception as exc:  # the model's own errors are per row too: a bad row never stops the run
        if len(inputs) == 1:
            reason = str(exc) if isinstance(exc, ValueError) else f"{type(exc).__name__}: {exc}"
            # The message names the row by its place in the batch, which means nothing here.
            return [(None, reason.replace("inputs[0] ", "the row ").replace("inputs[0]", "the row"))]
    middle = len(inputs) // 2
    return predict_rows(model, inputs[:middle]) + predict_rows(model, inputs[middle:])


def cell(value: Any) -> Any:
    """A prediction's field as one output value: scalars as they are, anything else as JSON text."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    return json.dumps(value, separators=(",", ":"), allow_nan=False)


class Output:
    """Predictions written as they come, to OUTPUT's temporary twin, renamed into place by `commit`."""

    def __init__(self, path: Path, id_column: str) -> None:
        self.path, self.id_column = path, id_column
        self.temporary = path.with_name(f".{path.name}.partial")
        self.fields: list[str] | None = None
        self._csv: Any = None
        self._file: Any = None
        self._parquet: Any = None

    def _columns(self, prediction: Any) -> list[str]:
        return list(prediction) if isinstance(prediction, dict) else ["prediction"]

    def write(self, ids: list[str], predictions: list[Any]) -> None:
        if not ids:
            return
        if self.fields is None:
            self.fields = self._columns(predictions[0])
            self._open()
        if self.fields == ["prediction"]:
            rows = [[cell(prediction)] for prediction in predictions]
        else:
            rows = [
                [cell(prediction.get(name)) if isinstance(prediction, dict) else None for name in self.fields]
                for prediction in predictions
            ]
        if self._parquet is not None:
            import pyarrow as pa

            names = [self.id_column, *self.fields]
            table: dict[str, Sequence[str | None]] = {names[0]: ids}
            for index, name in enumerate(self.fields):
                table[name] = [None if row[index] is None else str(row[index]) for row in rows]
            self._parquet.write_table(pa.table(table, schema=self._schema))
        else:
            self._csv.writerows(
                [row_id, *("" if value is None else value for value in row)]
                for row_id, row in zip(ids, rows, strict=True)
            )

    def _open(self) -> None:
        names = [self.id_column, *(self.fields or [])]
        if is_parquet(self.path):
            parquet = _parquet()
            import pyarrow as pa

            self._schema = pa.schema([(name, pa.string()) for name in names])
            self._parquet = parquet.ParquetWriter(self.temporary, self._schema)
        else:
            self._file = open(self.temporary, "w", newline="", encoding="utf-8")
            self._csv = csv.writer(self._file)
            self._csv.writerow(names)

    def commit(self) -> None:
        if self.fields is None:  # nothing scored: an output with the id column alone
            self.fields = []
            self._open()
        self._close()
        os.replace(self.temporary, self.path)

    def _close(self) -> None:
        if self._parquet is not None:
            self._parquet.close()
        if self._file is not None:
            self._file.close()

    def discard(self) -> None:
        self._close()
        self.temporary.unlink(missing_ok=True)


@dataclass
class Summary:
    rows: int
    scored: int
    rejected: int
    seconds: float
    output: Path
    rejects: Path

    def __str__(self) -> str:
        rate = self.rows / self.seconds if self.seconds > 0 else float(self.rows)
        rejected = f"{self.rejected:,} rejected (see {self.rejects})" if self.rejected else "none rejected"
        return (
            f"scored {self.scored:,} of {self.rows:,} rows, {rejected}, in {self.seconds:.1f} s: "
            f"{rate:,.0f} rows/s; predictions in {self.output}"
        )


def score(model: LeoModel, source: Path, output: Path, rejects: Path, columns: Columns, size: int = CHUNK) -> Summary:
    """Score every row of `source` into `output`, the rejected ones into `rejects`."""
    files = input_files(source)
    check_columns(files, columns)
    progress = Progress(sum(file.stat().st_size for file in files))
    writer = Output(output, columns.id_column)
    rejects_temporary = rejects.with_name(f".{rejects.name}.partial")
    scored = 0
    try:
        with open(rejects_temporary, "w", newline="", encoding="utf-8") as rejected_file:
            rejected = csv.writer(rejected_file)
            rejected.writerow(["source", "row", "id", "reason"])
            for chunk, position in read_chunks(source, columns, size):
                results = predict_rows(model, chunk.inputs)
                good = [
                    (row_id, prediction)
                    for row_id, (prediction, reason) in zip(chunk.ids, results, strict=True)
                    if reason is None
                ]
                writer.write([row_id for row_id, _ in good], [prediction for _, prediction in good])
                refused = [
                    (number, row_id, reason)
                    for number, row_id, (_, reason) in zip(chunk.numbers, chunk.ids, results, strict=True)
                    if reason is not None
                ]
                rejected.writerows([chunk.source, *row] for row in sorted(chunk.unreadable + refused))
                scored += len(good)
                progress.update(len(chunk), len(chunk) - len(good), position)
        writer.commit()
        os.replace(rejects_temporary, rejects)
    except BaseException:
        writer.discard()
        rejects_temporary.unlink(missing_ok=True)
        raise
    finally:
        progress.close()
    return Summary(
        rows=progress.rows,
        scored=scored,
        rejected=progress.rejected,
        seconds=time.perf_counter() - progress.started,
        output=output,
        rejects=rejects,
    )
