"""Short articles written for khabar's tests (our own wording; the facts are real or plainly invented)."""

from __future__ import annotations

from pathlib import Path


def our_texts() -> list[str]:
    """Every text of our own a test can parse to compare two ways of annotating: the articles of ``examples/`` and
    the strings of this module."""
    examples = Path(__file__).resolve().parents[1] / "examples"
    out = [p.read_text(encoding="utf-8") for p in sorted(examples.glob("*.txt"))]
    return out + [v for v in globals().values() if isinstance(v, str) and len(v) > 40]


KABUL_AIRPORT = """\
Bombing at Kabul airport kills scores

A suicide bomber struck a crowd outside Kabul airport on Thursday, killing at least 170 people and wounding \
more than 150 others, officials said. The Islamic State-Khorasan (ISKP) said it carried out the attack.

Islamic State Khorasan Province is a branch of the Islamic State. Its first leader, Hafiz Saeed Khan, was killed \
by an American drone in July 2016.

The Taliban, who seized Kabul in August 2021, have fought the group for years. Clashes between the ISKP and the \
Taliban continued into 2022.

Reporting: Maria Keller
"""
KABUL_AIRPORT_META = {
    "id": "kabul-airport",
    "title": "Bombing at Kabul airport kills scores",
    "published": "2021-08-27",
    "byline": ["Maria Keller"],
    "source": "khabar tests",
}

PESHAWAR = """\
A bomb exploded in a mosque in Peshawar on Monday, killing at least 59 people, police said.
Tehrik-i-Taliban Pakistan (TTP) commander Omar Khalid Khorasani had threatened the police in Peshawar before.
The TTP denied any role in the bombing.
"""

MOGADISHU = """\
Two car bombs exploded near the education ministry in Mogadishu on Saturday, killing at least 100 people, \
the president said. Al-Shabaab said it carried out the bombings.
"""
