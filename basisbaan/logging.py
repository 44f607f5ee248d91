"""Keep personal data out of server logs.

A database error's text names the values that clashed (`DETAIL: Key (bsn)=(123456782)
already exists`) and the statement's context; a log line can also carry a BSN typed into a
form. `PersonalDataFilter` (on every handler) drops DETAIL/CONTEXT lines and replaces every
nine-digit number, in the message and in the formatted traceback.
"""

import logging
import re

NINE_DIGITS = re.compile(r"(?<!\d)\d{9}(?!\d)")
DB_DETAIL = re.compile(r"^\s*(DETAIL|CONTEXT|HINT|QUERY|STATEMENT):.*$", re.MULTILINE)
REDACTED = "[weggelaten]"


def scrub(text: str) -> str:
    return NINE_DIGITS.sub(REDACTED, DB_DETAIL.sub(f"\\1: {REDACTED}", text))


class PersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format string still gets logged, scrubbed
            message = str(record.msg)
        record.msg, record.args = scrub(message), ()
        if record.exc_info:
            formatter = logging.Formatter()
            record.exc_text = scrub(formatter.formatException(record.exc_info))
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True
