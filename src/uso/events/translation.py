from modeltranslation.translator import TranslationOptions, register

from .models import AgendaItem, Event, FeedbackQuestion


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "description")


@register(AgendaItem)
class AgendaItemTranslation(TranslationOptions):
    fields = ("title",)


@register(FeedbackQuestion)
class FeedbackQuestionTranslation(TranslationOptions):
    fields = ("text",)
