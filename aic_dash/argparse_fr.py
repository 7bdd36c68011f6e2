"""argparse in French: a manager reads « utilisation : », not « usage: ».

argparse looks its own words up through the module-level functions `_` and `ngettext` at call time
(gettext's catalogue has no French argparse domain on most machines), so `ArgumentParser` below puts
French versions of both in place before building a parser. Light: only the standard library.
"""

from __future__ import annotations

import argparse

FRENCH = {
    "usage: ": "utilisation : ",
    "options": "options",
    "positional arguments": "arguments",
    "show this help message and exit": "afficher cette aide et quitter",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "choix « %(value)s » inconnu (possibles : %(choices)s)"
    ),
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "unrecognized arguments: %s": "arguments non reconnus : %s",
    "expected one argument": "une valeur est attendue",
    "expected at least one argument": "au moins une valeur est attendue",
    "expected at most one argument": "au plus une valeur est attendue",
    "invalid %(type)s value: %(value)r": "valeur « %(value)s » invalide (attendu : %(type)s)",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s : %(message)s",
    "ambiguous option: %(option)s could match %(matches)s": (
        "option ambiguë : %(option)s peut désigner %(matches)s"
    ),
    "not allowed with argument %s": "incompatible avec l'option %s",
    "one of the arguments %s is required": "l'une des options %s est obligatoire",
    "ignored explicit argument %r": "valeur %r ignorée",
    "can't open '%(filename)s': %(error)s": "impossible d'ouvrir « %(filename)s » : %(error)s",
}
PLURALS = {"expected %s argument": ("%s valeur attendue", "%s valeurs attendues")}
# What argparse names a value type in « invalid %(type)s value ».
TYPE_NAMES = {"int": "un nombre entier", "float": "un nombre"}


def _french(message: str) -> str:
    return FRENCH.get(message, message)


def _french_plural(singular: str, plural: str, n: int) -> str:
    if singular in PLURALS:
        one, many = PLURALS[singular]
        return one if n == 1 else many
    return singular if n == 1 else plural


def _install() -> None:
    argparse._ = _french  # type: ignore[attr-defined]
    argparse.ngettext = _french_plural  # type: ignore[attr-defined]


class ArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose own words (usage, help, errors) are French."""

    def __init__(self, *args, **kwargs) -> None:
        _install()
        super().__init__(*args, **kwargs)

    def _get_value(self, action, arg_string):
        try:
            return super()._get_value(action, arg_string)
        except argparse.ArgumentError as exc:
            name = getattr(action.type, "__name__", "")
            if name in TYPE_NAMES:
                raise argparse.ArgumentError(
                    action, f"valeur « {arg_string} » invalide (attendu : {TYPE_NAMES[name]})"
                ) from None
            raise exc from None
