from django.urls import reverse
from rest_framework import serializers

from uso.library.serializers import absolute
from uso.network.models import Period, SubTheme

from .models import Area, Post, Practice, Thread


def author_name(user) -> str:
    from django.utils.translation import gettext as _

    if user is None or user.anonymised_at:
        return _("Former member")
    return user.get_full_name()


class ThreadSerializer(serializers.ModelSerializer):
    area = serializers.PrimaryKeyRelatedField(queryset=Area.objects.none())
    author = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField(help_text="The address of the thread's web page.")
    body = serializers.CharField(
        write_only=True, max_length=20_000, help_text="The first message, in Markdown."
    )

    class Meta:
        model = Thread
        fields = [
            "id",
            "area",
            "title",
            "author",
            "created_at",
            "last_post_at",
            "post_count",
            "url",
            "body",
        ]
        read_only_fields = ["created_at", "last_post_at", "post_count"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["area"].queryset = Area.objects.readable_by(request.user)

    def get_author(self, thread) -> str:
        return author_name(thread.author)

    def get_url(self, thread) -> str:
        return absolute(self, reverse("community:thread", kwargs={"pk": thread.pk}))


class PostSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()
    body = serializers.CharField(max_length=20_000, help_text="The message in Markdown.")
    html = serializers.CharField(read_only=True, help_text="The message as sanitised HTML.")

    class Meta:
        model = Post
        fields = ["id", "thread", "author", "body", "html", "created_at", "edited_at", "deleted"]
        read_only_fields = ["thread", "created_at", "edited_at"]

    deleted = serializers.SerializerMethodField()

    def get_author(self, post) -> str:
        return author_name(post.author)

    def get_deleted(self, post) -> bool:
        return bool(post.deleted_at)


class PracticeSerializer(serializers.ModelSerializer):
    municipality = serializers.CharField(source="municipality.code", read_only=True)
    contact_person = serializers.SerializerMethodField()
    sub_themes = serializers.PrimaryKeyRelatedField(
        many=True, queryset=SubTheme.objects.all(), required=False
    )
    trying = serializers.SerializerMethodField(
        help_text="The codes of the municipalities trying the practice too."
    )
    url = serializers.SerializerMethodField(help_text="The address of the card's web page.")

    class Meta:
        model = Practice
        fields = [
            "id",
            "municipality",
            "title",
            "problem",
            "what_was_done",
            "results",
            "lessons",
            "contact_person",
            "sub_themes",
            "trying",
            "created_at",
            "url",
        ]
        read_only_fields = ["created_at"]

    def validate_sub_themes(self, chosen):
        """The current period's sub-themes only, as on the web form."""
        from django.utils.translation import gettext as _

        period = Period.objects.current()
        if any(sub.theme_area.period_id != getattr(period, "pk", None) for sub in chosen):
            raise serializers.ValidationError(_("Choose sub-themes of the current period."))
        return chosen

    def get_contact_person(self, practice) -> str | None:
        return author_name(practice.contact_person) if practice.contact_person else None

    def get_trying(self, practice) -> list[str]:
        return [trial.municipality.code for trial in practice.trials.all()]

    def get_url(self, practice) -> str:
        return absolute(self, practice.get_absolute_url())


class TryingSerializer(serializers.Serializer):
    trying = serializers.BooleanField(
        default=True, help_text='false takes back an earlier "we are trying this too".'
    )
