"""The discussions API: threads (`GET/POST /api/v1/threads/`, filter `area`) and their
messages (`GET/POST /api/v1/threads/{id}/posts/`). Threads load only from the areas the caller
may read, so another peer group's thread answers 404; the rules in `rules.py` decide the rest
through `RulesPermission`. Bad input answers 400 and writes nothing."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from uso.api.filters import id_param
from uso.api.mixins import ApiConventionsMixin

from . import services
from .models import Practice, Thread
from .serializers import PostSerializer, PracticeSerializer, ThreadSerializer, TryingSerializer


class ThreadViewSet(
    ApiConventionsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Discussion threads the caller may read, the most recently active first."""

    serializer_class = ThreadSerializer
    filter_backends: list = []
    lookup_value_regex = r"\d+"
    rules_permissions = {
        "list": "community.view_community",
        "create": "community.view_community",
        "posts": "community.view_community",
    }
    rules_object_permissions = {"retrieve": "community.view_thread"}

    def get_queryset(self):
        threads = Thread.objects.readable_by(self.request.user).select_related("author")
        area = id_param(self.request, "area")
        if area is not None:
            threads = threads.filter(area_id=area)
        return threads.order_by("-last_post_at", "-id")

    @extend_schema(parameters=[OpenApiParameter("area", int, description="An area's id.")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def create(self, request, *args, **kwargs):
        body = ThreadSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        data = body.validated_data
        thread = services.start_thread(
            area=data["area"], author=request.user, title=data["title"], body=data["body"]
        )
        return Response(
            ThreadSerializer(thread, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        methods=["GET"], responses=PostSerializer(many=True), description="The messages."
    )
    @extend_schema(
        methods=["POST"],
        request=PostSerializer,
        responses={201: PostSerializer},
        description="Reply to the thread; `body` is Markdown.",
    )
    @action(detail=True, methods=["get", "post"])
    def posts(self, request, pk=None):
        thread = get_object_or_404(self.get_queryset(), pk=pk)
        if not request.user.has_perm("community.view_thread", thread):
            return Response(status=status.HTTP_404_NOT_FOUND)
        if request.method == "POST":
            if not request.user.has_perm("community.reply", thread):
                return Response(status=status.HTTP_403_FORBIDDEN)
            body = PostSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            post = services.post_reply(
                thread=thread, author=request.user, body=body.validated_data["body"]
            )
            return Response(PostSerializer(post).data, status=status.HTTP_201_CREATED)
        posts = (
            thread.posts.filter(hidden=False).select_related("author").order_by("created_at", "id")
        )
        page = self.paginate_queryset(posts)
        return self.get_paginated_response(PostSerializer(page, many=True).data)


class PracticeViewSet(
    ApiConventionsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """The members' good practices, newest first. A member municipality's people publish
    cards for their municipality; another member municipality marks "we are trying this too"."""

    serializer_class = PracticeSerializer
    filter_backends: list = []
    lookup_value_regex = r"\d+"
    rules_permissions = {
        "list": "community.view_practices",
        "create": "community.add_practice",
    }
    rules_object_permissions = {
        "retrieve": "community.view_practices",
        "trying": "community.try_practice",
    }

    def get_queryset(self):
        return (
            Practice.objects.select_related("municipality", "contact_person")
            .prefetch_related("trials__municipality")
            .order_by("-created_at", "-id")
        )

    def create(self, request, *args, **kwargs):
        body = PracticeSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        sub_themes = data.pop("sub_themes", [])
        practice = Practice(municipality=request.user.municipality, **data)
        practice = services.save_practice(practice=practice, by=request.user, sub_themes=sub_themes)
        return Response(
            PracticeSerializer(practice, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        request=TryingSerializer,
        responses=PracticeSerializer,
        description="Mark that the caller's municipality is trying the practice too (\"we are "
        'trying this too"); send `{"trying": false}` to take it back.',
    )
    @action(detail=True, methods=["post"])
    def trying(self, request, pk=None):
        practice = self.get_object()
        body = TryingSerializer(data=request.data if isinstance(request.data, dict) else None)
        body.is_valid(raise_exception=True)
        services.set_trying(
            practice=practice, by=request.user, trying=body.validated_data["trying"]
        )
        practice = self.get_queryset().get(pk=practice.pk)
        return Response(PracticeSerializer(practice, context=self.get_serializer_context()).data)
