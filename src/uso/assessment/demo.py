"""Demo self-assessments: for the 2017–2018 period and for the current one, a questionnaire of
two statements per sub-theme and two open questions, a start and an end round, and answers
from several respondents in most member municipalities (a few municipalities have too few, so
the thresholds show). The answers are invented: each municipality has a level of its own, the
political leadership rates a little higher, and the end round is better where the
municipality's plan put its priorities. Loaded once per period.
"""

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from uso.accounts.models import Leadership, User
from uso.development.models import DevelopmentPlan
from uso.network.models import Membership, Period, SubTheme

from .models import Answer, Question, Questionnaire, Respondent, Round

STATEMENTS = [
    {
        "fi": "Luottamushenkilöillä ja viranhaltijoilla on tästä yhteinen käsitys ja tavoite.",
        "sv": "Förtroendevalda och tjänsteinnehavare har en gemensam uppfattning och ett "
        "gemensamt mål i detta.",
        "en": "Elected officials and office-holders share an understanding and a goal here.",
    },
    {
        "fi": "Meillä on tähän toimivat käytännöt, ja ne näkyvät päätöksenteossa.",
        "sv": "Vi har fungerande praxis för detta, och den syns i beslutsfattandet.",
        "en": "We have working practices for this, and they show in decision-making.",
    },
]
OPEN_QUESTIONS = [
    {
        "fi": "Missä kuntanne on onnistunut parhaiten?",
        "sv": "Var har er kommun lyckats bäst?",
        "en": "Where has your municipality succeeded best?",
    },
    {
        "fi": "Mitä haluatte kehittää verkostokauden aikana?",
        "sv": "Vad vill ni utveckla under nätverksperioden?",
        "en": "What do you want to develop during the network period?",
    },
]
OPEN_ANSWERS = [
    "Valtuuston ja johtoryhmän yhteiset iltakoulut",
    "Strategian seuranta talousarviossa",
    "Konserniohjauksen selkeyttäminen",
    "Asukkaiden osallistaminen suunnitteluun",
    "Hyvinvointialueen kanssa tehtävä yhteistyö",
    "Uusien valtuutettujen perehdytys",
    "Tiedolla johtaminen ja mittarit",
    "Elinvoimatyön yhteinen suunta",
]
FIRST_NAMES = ["Aino", "Eero", "Helmi", "Juha", "Kirsi", "Lauri", "Mari", "Olli", "Sanna", "Timo"]
LAST_NAMES = ["Aalto", "Heikkinen", "Korhonen", "Laine", "Mäkinen", "Nieminen", "Virtanen"]


def load_assessment_demo(period: Period) -> None:
    """Self-assessments for the given (current) period and the one it follows."""
    periods = [period]
    if period.follows_id:
        periods.insert(0, period.follows)
    for each in periods:
        if not Questionnaire.objects.filter(period=each).exists():
            _load(each)


@transaction.atomic
def _load(period: Period) -> None:
    rng = random.Random(f"assessment-{period.start_date.year}")
    questionnaire = Questionnaire.objects.create(
        period=period,
        introduction_fi="Arvioikaa, missä kuntanne on nyt. Vastaukset näytetään vain koosteina.",
        introduction_sv="Bedöm var er kommun står nu. Svaren visas endast sammanställda.",
        introduction_en="Assess where your municipality stands now. Answers are shown only "
        "in aggregate.",
    )
    questions = _questions(questionnaire, period)
    rounds = _rounds(questionnaire, period)
    priorities = _priorities(period)
    members = list(
        Membership.objects.filter(period=period, status=Membership.Status.ACTIVE)
        .select_related("municipality")
        .order_by("municipality__code")
    )
    people = _demo_people()
    for index, membership in enumerate(members):
        municipality = membership.municipality
        if index % 9 == 4:
            continue  # Some municipalities take no part.
        level = rng.uniform(2.3, 3.8)
        size = 2 if index % 9 == 7 else rng.randint(4, 8)  # a few with too few answers
        for round in rounds:
            better = round.kind == Round.Kind.END
            for number in range(size):
                _respondent(
                    rng,
                    round=round,
                    municipality=municipality,
                    number=number,
                    person=people.get((municipality.pk, number)),
                    questions=questions,
                    level=level,
                    improved=priorities.get(municipality.pk, set()) if better else set(),
                )


def _questions(questionnaire: Questionnaire, period: Period) -> list[Question]:
    sub_themes = SubTheme.objects.filter(theme_area__period=period).order_by(
        "theme_area__order", "order"
    )
    questions = []
    for sub_theme in sub_themes:
        for statement in STATEMENTS:
            questions.append(
                Question(
                    questionnaire=questionnaire,
                    kind=Question.Kind.STATEMENT,
                    sub_theme=sub_theme,
                    order=len(questions),
                    text_fi=statement["fi"],
                    text_sv=statement["sv"],
                    text_en=statement["en"],
                )
            )
    for text in OPEN_QUESTIONS:
        questions.append(
            Question(
                questionnaire=questionnaire,
                kind=Question.Kind.OPEN,
                order=len(questions),
                text_fi=text["fi"],
                text_sv=text["sv"],
                text_en=text["en"],
            )
        )
    return Question.objects.bulk_create(questions)


def _rounds(questionnaire: Questionnaire, period: Period) -> list[Round]:
    start_year, end_year = period.start_date.year, period.end_date.year
    return [
        Round.objects.create(
            questionnaire=questionnaire,
            kind=Round.Kind.START,
            opens_on=date(start_year, 1, 15),
            closes_on=date(start_year, 2, 28),
        ),
        Round.objects.create(
            questionnaire=questionnaire,
            kind=Round.Kind.END,
            opens_on=date(end_year, 9, 1),
            closes_on=date(end_year, 10, 31),
        ),
    ]


def _priorities(period: Period) -> dict[int, set[int]]:
    chosen: dict[int, set[int]] = {}
    plans = DevelopmentPlan.objects.filter(period=period).prefetch_related("priorities")
    for plan in plans:
        chosen[plan.municipality_id] = {s.pk for s in plan.priorities.all()}
    return chosen


def _demo_people() -> dict[tuple[int, int], User]:
    """The demo accounts of a municipality answer first, so they see their own invitation."""
    people = {}
    order = {"valtuusto": 0, "johtaja": 1, "yhdyshenkilo": 2}
    for person in User.objects.filter(email__endswith="@kunta.example").exclude(municipality=None):
        prefix = person.email.split(".", 1)[0]
        if prefix in order:
            people[(person.municipality_id, order[prefix])] = person
    return people


def _respondent(rng, *, round, municipality, number, person, questions, level, improved):
    if person is not None:
        name, email, leadership = person.get_full_name(), person.email, person.leadership
    else:
        # The same invented person in every round: the name follows from the address.
        same = random.Random(f"{municipality.code}-{number}")
        name = f"{same.choice(FIRST_NAMES)} {same.choice(LAST_NAMES)}"
        email = f"arvioija{number + 1}.{municipality.code}@kunta.example"
        leadership = Leadership.POLITICAL if number % 2 == 0 else Leadership.PROFESSIONAL
    answered_on = round.opens_on + timedelta(days=rng.randint(1, 30))
    answered_at = timezone.make_aware(datetime.combine(answered_on, time(10)))
    if answered_at - timedelta(days=5) > timezone.now():
        return  # Nobody is invited to a round before it is near.
    respondent = Respondent.objects.create(
        round=round,
        municipality=municipality,
        person=person,
        name=name,
        email=email,
        leadership=leadership,
        answered_at=answered_at if answered_at <= timezone.now() else None,
    )
    Respondent.objects.filter(pk=respondent.pk).update(invited_at=answered_at - timedelta(days=5))
    if respondent.answered_at is None:
        return
    answers = []
    for question in questions:
        if question.kind == Question.Kind.OPEN:
            if rng.random() < 0.6:
                answers.append(
                    Answer(respondent=respondent, question=question, text=rng.choice(OPEN_ANSWERS))
                )
            continue
        if rng.random() < 0.07:
            answers.append(Answer(respondent=respondent, question=question, score=None))
            continue
        value = level + rng.gauss(0, 0.7)
        value += 0.3 if leadership == Leadership.POLITICAL else 0
        value += 0.4 if round.kind == Round.Kind.END else 0
        value += 0.6 if question.sub_theme_id in improved else 0
        answers.append(
            Answer(respondent=respondent, question=question, score=min(5, max(1, round_(value))))
        )
    Answer.objects.bulk_create(answers)


def round_(value: float) -> int:
    return int(value + 0.5)
