from django.urls import include, path
from rest_framework.routers import SimpleRouter

from uso.accounts.api import ObtainTokenView, PersonViewSet
from uso.assessment.api import AssessmentViewSet
from uso.assessment.api_figures import KeyFigureViewSet
from uso.billing.api import InvoiceRunView, InvoiceViewSet, PaymentImportView
from uso.community.api import PracticeViewSet, ThreadViewSet
from uso.development.api import (
    ActionViewSet,
    GoalViewSet,
    MunicipalityWorkshopsView,
    PlanViewSet,
)
from uso.events.api import EventViewSet, RegistrationViewSet
from uso.library.api import CollectionViewSet, MaterialViewSet
from uso.network.api import MembershipViewSet, MunicipalityViewSet, PeriodViewSet, RegionViewSet

from .views import SchemaView, SwaggerView

router = SimpleRouter()
router.register("municipalities", MunicipalityViewSet, basename="municipality")
router.register("regions", RegionViewSet, basename="region")
router.register("periods", PeriodViewSet, basename="period")
router.register("memberships", MembershipViewSet, basename="membership")
router.register("people", PersonViewSet, basename="person")
router.register("invoices", InvoiceViewSet, basename="invoice")
router.register("events", EventViewSet, basename="event")
router.register("registrations", RegistrationViewSet, basename="registration")
router.register("plans", PlanViewSet, basename="plan")
router.register("goals", GoalViewSet, basename="goal")
router.register("actions", ActionViewSet, basename="action")
router.register("materials", MaterialViewSet, basename="material")
router.register("collections", CollectionViewSet, basename="collection")
router.register("threads", ThreadViewSet, basename="thread")
router.register("practices", PracticeViewSet, basename="practice")
router.register("assessments", AssessmentViewSet, basename="assessment")
router.register("key-figures", KeyFigureViewSet, basename="key-figure")

urlpatterns = [
    path(
        "municipalities/<str:code>/workshops/",
        MunicipalityWorkshopsView.as_view(),
        name="municipality-workshops",
    ),
    path("", include(router.urls)),
    path("auth/token/", ObtainTokenView.as_view(), name="api_token"),
    path("invoice-runs/", InvoiceRunView.as_view(), name="api_invoice_runs"),
    path("payment-imports/", PaymentImportView.as_view(), name="api_payment_imports"),
    path("schema/", SchemaView.as_view(), name="api_schema"),
    path("docs/", SwaggerView.as_view(url_name="api_schema"), name="api_docs"),
]
