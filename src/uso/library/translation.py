from modeltranslation.translator import TranslationOptions, register

from .models import Collection


@register(Collection)
class CollectionTranslation(TranslationOptions):
    fields = ("title", "introduction")
