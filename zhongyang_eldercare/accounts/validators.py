import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    """At least three of the four character classes: 等保 2.0 password complexity."""

    classes = (
        string.ascii_lowercase,
        string.ascii_uppercase,
        string.digits,
    )

    def __init__(self, min_classes=3):
        self.min_classes = min_classes

    def _count(self, password):
        found = sum(any(ch in group for ch in password) for group in self.classes)
        has_other = any(not any(ch in group for group in self.classes) for ch in password)
        return found + has_other

    def validate(self, password, user=None):
        if self._count(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return _("Your password must contain at least %(count)d of: lowercase letters, uppercase letters, digits, symbols.") % {
            "count": self.min_classes
        }


# --- Common patterns ------------------------------------------------------------------------------
# What people type when asked for three character classes: a word everyone uses, dressed up with a
# capital, a digit for a letter and a year or a symbol (Passw0rd!, Zhongyang2021!, Woaini1314!).
# Read after undoing the usual substitutions, without the digits and symbols around the word.
LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"})
WEAK_WORDS = frozenset(
    {
        # English and keyboard patterns
        "password",
        "passwd",
        "pass",
        "admin",
        "administrator",
        "root",
        "user",
        "test",
        "guest",
        "welcome",
        "letmein",
        "iloveyou",
        "qwerty",
        "qwertyuiop",
        "asdf",
        "asdfgh",
        "zxcv",
        "zxcvbn",
        "qaz",
        "wsx",
        "qazwsx",
        "abc",
        "abcd",
        "abcdef",
        "abcabc",
        "aaa",
        "aaaa",
        "love",
        "hello",
        "secret",
        "changeme",
        # Chinese weak passwords in pinyin, and the portal's own words
        "woaini",
        "aini",
        "woaiwojia",
        "nihao",
        "zhongguo",
        "china",
        "beijing",
        "baobei",
        "laogong",
        "laopo",
        "wangwang",
        "xiaoming",
        "zhangsan",
        "lisi",
        "wang",
        "zhang",
        "li",
        "liu",
        "chen",
        "yang",
        "zhao",
        "huang",
        "zhou",
        "wu",
        "xu",
        "sun",
        "ma",
        "zhu",
        "hu",
        "guo",
        "he",
        "lin",
        "gao",
        "luo",
        "shanxi",
        "lvliang",
        "yanglao",
        "minzheng",
        "mzj",
        "zhengfu",
        "xiangzhen",
        "cun",
        "cunwei",
        "laoren",
    }
)
# The county's place names, registered by the app that knows them (facilities, from its AppConfig.ready):
# accounts imports no domain app.
PLACE_NAME_SOURCES = []


def register_place_names(source):
    """``source()`` returns place names (pinyin or Chinese) that make a password guessable."""
    PLACE_NAME_SOURCES.append(source)


def place_names():
    return {str(name).lower() for source in PLACE_NAME_SOURCES for name in source() if name}


def password_cores(password):
    """The letters a password is built around, lower case, digits and symbols dropped: once as typed and once
    with the usual substitutions undone (P@ssw0rd)."""
    lower = password.lower()
    return {"".join(ch for ch in text if ch.isalpha()) for text in (lower, lower.translate(LEET))}


class CommonPatternValidator:
    """No common word or place name dressed up with capitals, digits and symbols (Passw0rd!, Jinluo2021!)."""

    def validate(self, password, user=None):
        places = place_names()
        words = {word for word in WEAK_WORDS | places if len(word) >= 3}
        for core in password_cores(password):
            # the word is (nearly) all there is: at most two letters beside it
            if len(core) < 3 or any(word in core and len(core) - len(word) < 3 for word in words):
                raise ValidationError(self.get_help_text(), code="password_common_pattern")
            if self._word_and_place(core, places):
                raise ValidationError(self.get_help_text(), code="password_common_pattern")
        if any(name in password for name in places if not name.isascii()):
            raise ValidationError(self.get_help_text(), code="password_common_pattern")

    @staticmethod
    def _word_and_place(core, places):
        # two common parts run together (zhongyangminzheng, woaijinluo): every split of the core
        parts = WEAK_WORDS | places | {"woai", "i", "my", "wo"}
        return any(core[:cut] in parts and core[cut:] in parts for cut in range(1, len(core)))

    def get_help_text(self):
        return _(
            "Your password must not be a common word or a place name dressed up with capitals, digits or symbols "
            "(such as Passw0rd! or Zhongyang2021)."
        )


class MaximumLengthValidator:
    """A sane upper bound: hashing a megabyte-long password on every login is a way to stall the server."""

    def __init__(self, max_length=128):
        self.max_length = max_length

    def validate(self, password, user=None):
        if len(password) > self.max_length:
            raise ValidationError(self.get_help_text(), code="password_too_long")

    def get_help_text(self):
        return _("Your password can be at most %(count)d characters long.") % {"count": self.max_length}
