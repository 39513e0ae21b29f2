"""The single source of contact facts (docs/facts.toml) and how each kind of fact is linked."""

from __future__ import annotations

import datetime as dt
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


def load(path: Path) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


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
