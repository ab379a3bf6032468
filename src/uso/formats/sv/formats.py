# Finland-Swedish writes dates and numbers as Finnish does.
from uso.formats.fi.formats import *  # noqa: F403
