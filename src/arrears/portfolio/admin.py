"""The portfolio in Django's admin: read-mostly, masked, searchable by the lender's ids.

The ledger's source of truth is the lender's snapshot, so the admin cannot add, edit or
delete ledger rows (an edit would be overwritten by the next import and would silently
disagree with the lender meanwhile). The only change allowed is a contact point's status
(a number found invalid, a debtor who asked not to be contacted). Sealed columns, key ids,
digests and fingerprints are never listed or shown: only masked values are.

Lists are built for large portfolios: related rows are joined (``list_select_related``),
and the full result count (a second ``COUNT(*)`` over the whole table) is not computed.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from arrears.portfolio.models import Account, AccountPosition, ContactPoint, Customer, Installment, Payment, Snapshot

#: Columns that must never appear in the admin (ciphertexts, key ids, keyed digests, fingerprints).
HIDDEN = (
    "national_id_sealed",
    "national_id_key",
    "national_id_digest",
    "sealed",
    "key_id",
    "lookup_hash",
    "fingerprint",
)


class ReadMostlyAdmin(admin.ModelAdmin):
    """View-only by default: no add, no delete, every shown field read-only unless listed in ``editable``."""

    editable: tuple[str, ...] = ()
    show_full_result_count = False
    list_per_page = 50

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return bool(self.editable) and super().has_change_permission(request, obj)

    def get_exclude(self, request, obj=None):
        return [*(super().get_exclude(request, obj) or ()), *HIDDEN]

    def get_readonly_fields(self, request, obj=None):
        hidden = {*HIDDEN, *(self.exclude or ()), *self.editable}
        names = [f.name for f in self.model._meta.fields if f.name not in hidden]
        return [*names, *super().get_readonly_fields(request, obj)]


class ContactPointInline(admin.TabularInline):
    model = ContactPoint
    fields = ("kind", "masked", "source", "status")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Snapshot)
class SnapshotAdmin(ReadMostlyAdmin):
    list_display = ("__str__", "extracted_at", "loaded_at", "new", "changed", "unchanged", "rejected")
    search_fields = ("snapshot_id", "source")
    date_hierarchy = "loaded_at"
    fields = ("snapshot_id", "extracted_at", "source", "loaded_at", "new", "changed", "unchanged", "rejected")
    readonly_fields = ("new", "changed", "unchanged", "rejected")

    @admin.display(description=_("new accounts"), ordering="accounts_new")
    def new(self, obj: Snapshot) -> int:
        return obj.accounts_new

    @admin.display(description=_("changed accounts"), ordering="accounts_changed")
    def changed(self, obj: Snapshot) -> int:
        return obj.accounts_changed

    @admin.display(description=_("unchanged accounts"), ordering="accounts_unchanged")
    def unchanged(self, obj: Snapshot) -> int:
        return obj.accounts_unchanged

    @admin.display(description=_("rejected accounts"), ordering="accounts_rejected")
    def rejected(self, obj: Snapshot) -> int:
        return obj.accounts_rejected


@admin.register(Customer)
class CustomerAdmin(ReadMostlyAdmin):
    list_display = ("customer_id", "full_name", "national_id_masked", "country", "region", "language", "credit_grade")
    list_filter = ("country", "credit_grade")
    search_fields = ("=customer_id", "full_name")
    inlines = (ContactPointInline,)
    exclude = ("attributes",)


@admin.register(ContactPoint)
class ContactPointAdmin(ReadMostlyAdmin):
    list_display = ("customer_ref", "kind", "masked", "source", "status")
    list_filter = ("kind", "status", "source")
    search_fields = ("=customer__customer_id",)
    list_select_related = ("customer",)
    editable = ("status",)

    @admin.display(description=_("customer id"), ordering="customer__customer_id")
    def customer_ref(self, obj: ContactPoint) -> str:
        return obj.customer.customer_id


class InstallmentInline(admin.TabularInline):
    model = Installment
    fields = ("seq", "due_date", "principal_due", "interest_due", "fee_due", "penalty_due")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class PaymentInline(admin.TabularInline):
    model = Payment
    fields = ("payment_id", "paid_on", "amount", "reverses")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Account)
class AccountAdmin(ReadMostlyAdmin):
    list_display = ("account_id", "customer_ref", "product", "currency", "principal", "opened_on")
    list_filter = ("currency", "product")
    search_fields = ("=account_id", "=customer__customer_id")
    list_select_related = ("customer",)
    inlines = (InstallmentInline, PaymentInline)
    exclude = ("attributes",)

    @admin.display(description=_("customer id"), ordering="customer__customer_id")
    def customer_ref(self, obj: Account) -> str:
        return obj.customer.customer_id


@admin.register(Installment)
class InstallmentAdmin(ReadMostlyAdmin):
    list_display = ("account", "seq", "due_date", "principal_due", "interest_due", "fee_due", "penalty_due")
    search_fields = ("=account__account_id",)
    list_select_related = ("account",)
    date_hierarchy = "due_date"


@admin.register(Payment)
class PaymentAdmin(ReadMostlyAdmin):
    list_display = ("payment_id", "account", "paid_on", "amount", "reverses")
    search_fields = ("=payment_id", "=account__account_id", "=reverses")
    list_select_related = ("account",)
    date_hierarchy = "paid_on"


@admin.register(AccountPosition)
class AccountPositionAdmin(ReadMostlyAdmin):
    list_display = ("account", "as_of", "dpd", "delinquent_days", "bucket", "overdue", "outstanding", "credit_balance")
    list_filter = ("bucket", "as_of")
    search_fields = ("=account__account_id",)
    list_select_related = ("account",)
    fields = (
        "account",
        "as_of",
        "dpd",
        "delinquent_days",
        "bucket",
        "overdue_principal_",
        "overdue_interest_",
        "overdue_fee_",
        "overdue_penalty_",
        "overdue_total",
        "outstanding_total",
        "credit_balance",
        "oldest_overdue_due_date_",
        "amount_band",
    )

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    @admin.display(description=_("overdue"), ordering="overdue_total")
    def overdue(self, obj: AccountPosition):
        return obj.overdue_total

    @admin.display(description=_("outstanding"), ordering="outstanding_total")
    def outstanding(self, obj: AccountPosition):
        return obj.outstanding_total

    @admin.display(description=_("Overdue principal"))
    def overdue_principal_(self, obj: AccountPosition):
        return obj.overdue_principal

    @admin.display(description=_("Overdue interest"))
    def overdue_interest_(self, obj: AccountPosition):
        return obj.overdue_interest

    @admin.display(description=_("Overdue fee"))
    def overdue_fee_(self, obj: AccountPosition):
        return obj.overdue_fee

    @admin.display(description=_("Overdue penalty"))
    def overdue_penalty_(self, obj: AccountPosition):
        return obj.overdue_penalty

    @admin.display(description=_("Oldest overdue due date"))
    def oldest_overdue_due_date_(self, obj: AccountPosition):
        return obj.oldest_overdue_due_date
