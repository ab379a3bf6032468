from modeltranslation.translator import TranslationOptions, register

from .models import Indicator, Question, Questionnaire


@register(Questionnaire)
class QuestionnaireTranslation(TranslationOptions):
    fields = ("introduction",)


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("text",)


@register(Indicator)
class IndicatorTranslation(TranslationOptions):
    fields = ("name", "unit")
