"""Self-assessments for tests: a questionnaire with statements in two theme areas, rounds and
respondents who have answered."""

from datetime import date

from django.utils import timezone

from uso.assessment.models import Answer, Question, Questionnaire, Respondent, Round
from uso.network.models import SubTheme, ThemeArea


def questionnaire_with_statements(period, *, areas=2, sub_themes=2, open_questions=1):
    questionnaire = Questionnaire.objects.create(period=period)
    for a in range(areas):
        area = ThemeArea.objects.create(period=period, order=a, name_fi=f"Teema {a + 1}")
        for s in range(sub_themes):
            sub_theme = SubTheme.objects.create(
                theme_area=area, order=s, name_fi=f"Alateema {a + 1}.{s + 1}"
            )
            Question.objects.create(
                questionnaire=questionnaire,
                kind=Question.Kind.STATEMENT,
                sub_theme=sub_theme,
                order=a * 10 + s,
                text_fi=f"Väite {a + 1}.{s + 1}",
            )
    for q in range(open_questions):
        Question.objects.create(
            questionnaire=questionnaire,
            kind=Question.Kind.OPEN,
            order=100 + q,
            text_fi=f"Avoin kysymys {q + 1}",
        )
    return questionnaire


def closed_round(questionnaire, kind=Round.Kind.START):
    """A round of the 2017–2018 test period that has closed."""
    dates = {
        Round.Kind.START: (date(2017, 1, 15), date(2017, 2, 28)),
        Round.Kind.END: (date(2018, 10, 1), date(2018, 11, 30)),
    }[kind]
    return Round.objects.create(
        questionnaire=questionnaire, kind=kind, opens_on=dates[0], closes_on=dates[1]
    )


def answered(round, municipality, *, leadership="political", score=3, scores=None, text=""):
    """A respondent who answered every statement with `score` (or `scores` by sub-theme name)."""
    number = Respondent.objects.count()
    respondent = Respondent.objects.create(
        round=round,
        municipality=municipality,
        name=f"Vastaaja {number}",
        email=f"vastaaja{number}@example.org",
        leadership=leadership,
        answered_at=timezone.now(),
    )
    for question in round.questionnaire.questions.select_related("sub_theme"):
        if question.is_statement:
            value = (scores or {}).get(question.sub_theme.name_fi, score)
            Answer.objects.create(respondent=respondent, question=question, score=value)
        elif text:
            Answer.objects.create(respondent=respondent, question=question, text=text)
    return respondent
