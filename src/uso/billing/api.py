from django.http import HttpResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from uso.api.mixins import ApiConventionsMixin

from . import documents, services
from .models import Invoice
from .serializers import (
    InvoiceDraftSerializer,
    InvoiceRunSerializer,
    InvoiceSerializer,
    PaymentImportResultSerializer,
    PaymentImportSerializer,
)


class InvoiceViewSet(ApiConventionsMixin, viewsets.ReadOnlyModelViewSet):
    """Coordinators: every invoice. A municipality's contact person: their own."""

    serializer_class = InvoiceSerializer
    filterset_fields = ["year", "status", "kind"]
    rules_permissions = {"list": "billing.list_invoices"}
    rules_object_permissions = {
        "retrieve": "billing.view_invoice",
        "pdf": "billing.view_invoice",
        "finvoice": "billing.view_invoice",
    }

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Invoice.objects.none()
        return (
            Invoice.objects.visible_to(self.request.user)
            .select_related("series")
            .prefetch_related("lines")
            .order_by("-invoice_date", "-number")
        )

    @extend_schema(responses={(200, "application/pdf"): bytes})
    @action(detail=True)
    def pdf(self, request, pk=None):
        invoice = self.get_object()
        return HttpResponse(documents.invoice_pdf(invoice), content_type="application/pdf")

    @extend_schema(responses={(200, "application/xml"): bytes})
    @action(detail=True)
    def finvoice(self, request, pk=None):
        invoice = self.get_object()
        return HttpResponse(documents.invoice_finvoice(invoice), content_type="application/xml")


class InvoiceRunView(ApiConventionsMixin, APIView):
    """Issue a year's fee invoices for a period; `dry_run` previews and creates nothing."""

    rules_permissions = {"post": "billing.manage_billing"}

    @extend_schema(
        request=InvoiceRunSerializer,
        responses={
            200: OpenApiResponse(
                InvoiceDraftSerializer(many=True),
                description="`dry_run`: the preview, nothing created. Without it: an empty "
                "list, when every member already has the year's invoice.",
            ),
            201: OpenApiResponse(InvoiceSerializer(many=True), description="The invoices made."),
        },
    )
    def post(self, request):
        data = InvoiceRunSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        params = {k: data.validated_data[k] for k in ("period", "year", "pro_rata")}
        if data.validated_data["dry_run"]:
            drafts = services.plan_invoice_run(**params)
            return Response(InvoiceDraftSerializer(drafts, many=True).data)
        invoices = services.run_invoices(by=request.user, **params)
        created = (
            Invoice.objects.filter(pk__in=[i.pk for i in invoices])
            .select_related("series")
            .prefetch_related("lines")
        )
        return Response(InvoiceSerializer(created, many=True).data, status=201 if invoices else 200)


class PaymentImportView(ApiConventionsMixin, APIView):
    """Import a camt.054 notification (multipart `file`)."""

    rules_permissions = {"post": "billing.manage_billing"}
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": PaymentImportSerializer},
        responses=PaymentImportResultSerializer,
    )
    def post(self, request):
        data = PaymentImportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        result = services.import_bank_payments(
            filename=upload.name, data=upload.read(), by=request.user
        )
        return Response(vars(result))
