"""How much a line reads like running text: its shape and a quality score.

``line_quality`` scores a line by its share of stop words and sentence marks
(as jusText does), so running text in any listed language scores high and
menus, labels and link lists low.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsread.ingest.furniture.shape import _CJK, ends_sentence, word_count

# ---------------------------------------------------------------- line quality

# Function words of the languages news dumps come in. Running text is full of
# them (jusText's observation: a third or more of the words of a story's
# paragraph are stopwords), menus, link lists and headlines have few.
_STOPWORDS_TEXT = {
    "en": "the a an of to in on at for and or but with by from as that this these those is are "
    "was were be been has have had it its he she they we you his her their our not no so if "
    "than then there which who what when will would can could said says about into after",
    "es": "el la los las un una unos de del al en y o pero con por para que se su sus es son "
    "fue era ha han no como más lo le les este esta ese esa sobre entre también ya muy",
    "pt": "o a os as um uma de do da dos das no na nos nas em e ou mas com por para que se "
    "seu sua é são foi era tem não como mais ao à pelo pela este esta esse essa também já",
    "fr": "le la les un une des de du au aux en et ou mais avec par pour que qui se sa son "
    "ses est sont été était a ont ne pas plus ce cette ces dans sur il elle ils nous vous",
    "de": "der die das den dem des ein eine einen einem einer und oder aber mit von zu im "
    "in am auf für ist sind war wurde hat haben nicht auch sich es er sie wir ich dass als",
    "it": "il lo la i gli le un una uno di del della dei delle in e o ma con per che si "
    "suo sua è sono era ha hanno non come più al alla nel nella su questo questa anche",
    "ru": "и в во не что он она они на я с со как а то все так его но да ты к у же вы за "
    "бы по только ее мне было вот от меня еще нет о из ему теперь когда это для при",
}
STOPWORDS = frozenset(w for text in _STOPWORDS_TEXT.values() for w in text.split())
_TOKEN = re.compile(r"\w+(?:['’]\w+)?")
_SENTENCE_MARK = re.compile(r"[.!?。！？]+(?=[\"'”’)\]]*(?:\s|$))")


@dataclass(frozen=True)
class LineShape:
    words: int
    stopword_density: float  # share of tokens that are function words
    sentence_marks: int  # sentence-final punctuation marks
    capital_ratio: float  # share of alphabetic tokens that start with a capital
    ends_sentence: bool


def line_shape(line: str) -> LineShape:
    stripped = line.strip()
    tokens = _TOKEN.findall(stripped)
    alpha = [t for t in tokens if t[0].isalpha()]
    stop = sum(t.lower() in STOPWORDS for t in tokens)
    caps = sum(t[0].isupper() for t in alpha)
    return LineShape(
        words=word_count(stripped),
        stopword_density=stop / len(tokens) if tokens else 0.0,
        sentence_marks=len(_SENTENCE_MARK.findall(stripped)),
        capital_ratio=caps / len(alpha) if alpha else 0.0,
        ends_sentence=ends_sentence(stripped),
    )


def line_quality(line: str) -> float:
    """How much a line reads like a story's running text, from 0 to 1.

    In the spirit of jusText and boilerpipe: long lines full of function words
    and sentence ends are text; short, capitalised lines without function
    words or a final full stop are headlines, menus and link lists. Scripts
    without spaces (Chinese, Japanese) have no stopwords here and are judged on
    length and sentence ends alone.
    """
    shape = line_shape(line)
    if shape.words == 0:
        return 0.0
    length = min(1.0, shape.words / 40)
    density = 0.3 if _CJK.search(line) else min(1.0, shape.stopword_density / 0.3)
    sentences = 1.0 if shape.ends_sentence else min(1.0, shape.sentence_marks / 2)
    capitals = 1.0 - max(0.0, shape.capital_ratio - 0.3) / 0.7 if shape.words >= 3 else 0.5
    return round(0.35 * length + 0.3 * density + 0.2 * sentences + 0.15 * capitals, 3)
