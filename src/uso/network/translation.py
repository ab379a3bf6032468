from modeltranslation.translator import TranslationOptions, register

from .models import Network, PeerGroup, Period, SubTheme, ThemeArea


@register(Network)
class NetworkTranslation(TranslationOptions):
    fields = ("description",)


@register(Period)
class PeriodTranslation(TranslationOptions):
    fields = ("name", "description")


@register(ThemeArea)
class ThemeAreaTranslation(TranslationOptions):
    fields = ("name", "description")


@register(SubTheme)
class SubThemeTranslation(TranslationOptions):
    fields = ("name", "description")


@register(PeerGroup)
class PeerGroupTranslation(TranslationOptions):
    fields = ("name", "description")
