"""Logs as one JSON object a line, the shape log collectors parse without rules."""

from __future__ import annotations

import datetime
import json
import logging

# Fields of a gunicorn access log record (its `args` are the atoms of the request).
ACCESS_ATOMS = {
    "h": "remote_addr",
    "m": "method",
    "U": "path",
    "q": "query",
    "s": "status",
    "B": "bytes",
    "f": "referer",
    "a": "user_agent",
}
# Attributes every LogRecord has; anything else was passed with `extra=`.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
        }
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            atoms = record.args
            entry["message"] = "request"
            for atom, key in ACCESS_ATOMS.items():
                value = atoms.get(atom)
                if value not in (None, "-", ""):
                    entry[key] = value
            if "s" in atoms:
                entry["status"] = int(atoms["s"])
            if "D" in atoms:
                entry["duration_ms"] = round(int(atoms["D"]) / 1000, 1)
        else:
            entry["message"] = record.getMessage()
        for key, value in vars(record).items():
            if key in _STANDARD or key in entry:
                continue
            if key == "request":  # Django attaches the request to its error records
                entry["path"] = getattr(value, "path", None)
                entry["method"] = getattr(value, "method", None)
            elif key == "status_code":
                entry["status"] = value
            elif isinstance(value, str | int | float | bool) or value is None:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
