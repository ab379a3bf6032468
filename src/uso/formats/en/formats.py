# The English interface serves Finnish municipalities: Finnish dates and numbers.
from uso.formats.fi.formats import *  # noqa: F403
