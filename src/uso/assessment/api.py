"""The self-assessment API: `GET /api/v1/assessments/` (each period's questionnaire and its
rounds) and `GET /api/v1/assessments/{id}/results/?municipality=<code>` — aggregates only,
built by `results.round_results`, so the API never returns what the results page hides."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from uso.api.mixins import ApiConventionsMixin
from uso.network.models import Municipality

from .models import Questionnaire, Round
from .results import MIN_MUNICIPALITIES, MIN_RESPONDENTS, default_peer_group, round_results


class RoundSerializer(serializers.ModelSerializer):
    state = serializers.SerializerMethodField()

    class Meta:
        model = Round
        fields = ["id", "kind", "opens_on", "closes_on", "state"]

    def get_state(self, round) -> str:
        return round.state()


class AssessmentSerializer(serializers.ModelSerializer):
    period = serializers.IntegerField(source="period_id")
    period_name = serializers.CharField(source="period.name")
    rounds = RoundSerializer(many=True)
    statements = serializers.IntegerField()
    open_questions = serializers.IntegerField()

    class Meta:
        model = Questionnaire
        fields = ["id", "period", "period_name", "rounds", "statements", "open_questions"]


class ScoresSerializer(serializers.Serializer):
    all = serializers.DecimalField(max_digits=3, decimal_places=2, allow_null=True)
    political = serializers.DecimalField(max_digits=3, decimal_places=2, allow_null=True)
    professional = serializers.DecimalField(max_digits=3, decimal_places=2, allow_null=True)


class GroupSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="own, peer_group, size_class or network")
    label = serializers.CharField()
    municipalities = serializers.IntegerField()
    respondents = serializers.IntegerField()
    shown = serializers.BooleanField()
    hidden_reason = serializers.CharField()


class LineSerializer(serializers.Serializer):
    label = serializers.CharField()
    sub_theme = serializers.IntegerField(source="sub_theme_id", allow_null=True)
    is_theme_area = serializers.BooleanField(source="is_area")
    scores = serializers.DictField(child=ScoresSerializer(), help_text="By group key.")


class RoundResultsSerializer(serializers.Serializer):
    round = RoundSerializer()
    municipality = serializers.CharField(source="municipality.code")
    invited = serializers.IntegerField()
    answered = serializers.IntegerField()
    groups = GroupSerializer(many=True)
    lines = LineSerializer(many=True)


class ResultsSerializer(serializers.Serializer):
    min_respondents = serializers.IntegerField()
    min_municipalities = serializers.IntegerField()
    rounds = RoundResultsSerializer(many=True, help_text="Closed rounds only.")


class AssessmentViewSet(
    ApiConventionsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Each period's self-assessment with its rounds, the newest period first."""

    serializer_class = AssessmentSerializer
    filter_backends: list = []
    lookup_value_regex = r"\d+"
    rules_permissions = {
        "list": "assessment.view_assessments",
        "retrieve": "assessment.view_assessments",
        "results": "assessment.view_assessments",
    }

    def get_queryset(self):
        return (
            Questionnaire.objects.select_related("period")
            .prefetch_related("rounds")
            .annotate(
                statements=Count("questions", filter=Q(questions__kind="statement")),
                open_questions=Count("questions", filter=Q(questions__kind="open")),
            )
            .order_by("-period__start_date", "-id")
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("municipality", str, required=True, description="Its code, e.g. 091."),
            OpenApiParameter(
                "peer_group",
                int,
                description="One of its peer groups' id; by default its oldest of the period.",
            ),
        ],
        responses=ResultsSerializer,
        description=(
            "The municipality's scores in each closed round beside its comparison groups. A "
            "score is null where fewer than `min_respondents` gave one; a group's scores are "
            "null when fewer than `min_municipalities` municipalities with enough answers "
            "belong to it. Open answers are not returned."
        ),
    )
    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        questionnaire = get_object_or_404(Questionnaire, pk=pk)
        municipality = self._municipality(request)
        peer_group = None
        group_id = request.query_params.get("peer_group", "")
        if group_id:
            if not group_id.isdigit():
                raise ValidationError({"peer_group": [_("Give a peer group's id.")]})
            peer_group = municipality.peer_groups.filter(
                pk=group_id, period_id=questionnaire.period_id
            ).first()
            if peer_group is None:
                raise ValidationError(
                    {"peer_group": [_("The municipality is not in this peer group.")]}
                )
        else:
            peer_group = default_peer_group(municipality, questionnaire.period_id)
        rounds = questionnaire.rounds.select_related("questionnaire__period")
        shown = [round_results(municipality, r, peer_group=peer_group) for r in rounds]
        data = {
            "min_respondents": MIN_RESPONDENTS,
            "min_municipalities": MIN_MUNICIPALITIES,
            "rounds": [r for r in shown if r is not None],
        }
        return Response(ResultsSerializer(data).data)

    def _municipality(self, request) -> Municipality:
        code = request.query_params.get("municipality", "")
        if not code:
            raise ValidationError({"municipality": [_("Give the municipality's code.")]})
        municipality = Municipality.objects.filter(code=code.zfill(3)).first()
        # Another municipality's results answer as if it did not exist.
        if municipality is None or not request.user.has_perm(
            "assessment.view_results", municipality
        ):
            raise NotFound
        return municipality
