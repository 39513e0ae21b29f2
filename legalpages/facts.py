"""The single source of contact facts (docs/facts.toml) and how each kind of fact is linked."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import phonenumbers

PHONE_KEYS = ("phone", "fax")  # phone numbers, each checked to be a valid number
# Only these become tel: links. A fax number stays text: on a phone, a tap on it would call a fax machine.
CALLABLE_KEYS = ("phone",)


class FactError(ValueError):
    """A fact key that does not exist or a value that cannot be used."""


@dataclass(frozen=True)
class Fact:
    text: str
    href: str | None = None


def load(path: Path, shown: str = "docs/facts.toml") -> dict:
    """The facts, checked: a broken file raises FactError("docs/facts.toml:LINE: what; fix")."""
    facts, found = read(path)
    if found:
        line, message = found[0]
        raise FactError(f"{shown}:{line}: {message}")
    return facts


TOML_POSITION = re.compile(r"\(at line (?P<line>\d+), column \d+\)|\(at end of document\)")
EMAIL = re.compile(r"[^@\s<>()\[\]\\\"',;:]+@[^@\s<>()\[\]\\\"',;:]+\.[A-Za-z]{2,}")


def read(path: Path) -> tuple[dict, list[tuple[int, str]]]:
    """(facts, [(line, problem), ...]): TOML syntax, value types, phone numbers, e-mail addresses."""
    text = path.read_text(encoding="utf-8")
    try:
        facts = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        position = TOML_POSITION.search(str(error))
        line = int(position["line"]) if position and position["line"] else max(1, len(text.splitlines()))
        message = TOML_POSITION.sub("", str(error)).strip()
        return {}, [(line, f'not valid TOML: {message}; write key = "value" (https://toml.io)')]
    problems = []
    for key in flat_keys(facts):
        value = lookup(facts, key)
        leaf = key.rsplit(".", 1)[-1]
        line = key_line(text, key)
        if isinstance(value, dt.datetime) or not isinstance(value, (str, dt.date)):
            kind = {"int": "number", "float": "number", "bool": "true/false value"}.get(
                type(value).__name__, type(value).__name__
            )
            problems.append((line, f"fact {key!r} is a {kind}; write text in quotes or a date (2026-11-26)"))
        elif isinstance(value, str) and leaf in PHONE_KEYS:
            try:
                e164(value)
            except FactError as error:
                problems.append((line, f'fact {key!r}: {error}; write it as printed, e.g. "+49 211 837-2000"'))
        elif isinstance(value, str) and leaf == "email" and not EMAIL.fullmatch(value):
            problems.append((line, f"fact {key!r}: {value!r} is not an e-mail address"))
    return facts, problems


def key_line(text: str, key: str) -> int:
    """The line that sets key ("ministry.phone": `phone = ...` under [ministry]); 1 if not found."""
    table, _, leaf = key.rpartition(".")
    current = ""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        header = re.fullmatch(r"\[\s*([^\[\]]+?)\s*\]", stripped.split("#")[0].strip())
        if header:
            current = header.group(1).replace(" ", "").replace('"', "")
        elif current == table and re.match(rf"[\"']?{re.escape(leaf)}[\"']?\s*=", stripped):
            return number
    return 1


def lookup(facts: dict, key: str) -> object:
    value: object = facts
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            raise FactError(f"unknown fact {key!r}; known facts: {', '.join(sorted(flat_keys(facts)))}")
        value = value[part]
    if isinstance(value, dict):
        raise FactError(f"fact {key!r} is a group, name one of its entries")
    return value


def flat_keys(facts: dict, prefix: str = "") -> list[str]:
    keys = []
    for name, value in facts.items():
        if isinstance(value, dict):
            keys += flat_keys(value, f"{prefix}{name}.")
        else:
            keys.append(f"{prefix}{name}")
    return keys


def e164(number: str) -> str:
    """'+49 211 837-2000' -> '+492118372000'; refuses numbers that are not valid."""
    try:
        parsed = phonenumbers.parse(number, "DE")
    except phonenumbers.NumberParseException as error:
        raise FactError(f"{number!r} is not a phone number: {error}") from None
    if not phonenumbers.is_valid_number(parsed):
        raise FactError(f"{number!r} is not a valid phone number")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def render(facts: dict, key: str, format_date) -> Fact:
    """How the fact `key` appears on a page: its text and, for contact data, its link."""
    value = lookup(facts, key)
    leaf = key.rsplit(".", 1)[-1]
    if isinstance(value, dt.date):
        return Fact(format_date(value))
    if not isinstance(value, str):
        raise FactError(f"fact {key!r} has a value of type {type(value).__name__}; expected text or a date")
    if leaf in PHONE_KEYS:
        number = e164(value)  # refuses an invalid number, also one that is not linked
        return Fact(value, f"tel:{number}") if leaf in CALLABLE_KEYS else Fact(value)
    if leaf == "email":
        return Fact(value, f"mailto:{value}")
    if value.startswith("https://"):
        return Fact(value.removeprefix("https://"), value)
    return Fact(value)
