"""The portfolio as stored: what the lender's snapshots said, with identifiers sealed.

Money is ``DecimalField(20, 4)`` next to the account's ISO 4217 currency: exact for every
currency (KWD has 3 decimals, CLF 4), never a float. Personal identifiers (national id,
phones, e-mails, addresses) exist only as AES-GCM ciphertext with the id of the key that
sealed them, a keyed digest (to find a number, or to see that a value did not change
without decrypting it) and a masked form for screens. Each row remembers the snapshot
that last changed it; a ``fingerprint`` of the source rows lets a re-import skip what did
not change, so nothing is rewritten and nothing is re-encrypted.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 20, "decimal_places": 4}


class Snapshot(models.Model):
    """One import of a lender's snapshot folder."""

    snapshot_id = models.CharField(_("snapshot id"), max_length=200, blank=True)
    extracted_at = models.DateTimeField(_("extracted at"), null=True, blank=True)
    source = models.CharField(_("source folder"), max_length=1000)
    loaded_at = models.DateTimeField(_("loaded at"))
    accounts_new = models.PositiveIntegerField(default=0)
    accounts_changed = models.PositiveIntegerField(default=0)
    accounts_unchanged = models.PositiveIntegerField(default=0)
    accounts_rejected = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-loaded_at"]
        verbose_name = _("snapshot")
        verbose_name_plural = _("snapshots")

    def __str__(self) -> str:
        return self.snapshot_id or self.source


class Customer(models.Model):
    """A debtor. The national id is sealed; the name is kept for search and display."""

    customer_id = models.CharField(_("customer id"), max_length=64, unique=True)
    full_name = models.CharField(_("name"), max_length=200)
    national_id_sealed = models.BinaryField(null=True, blank=True, editable=False)
    national_id_key = models.CharField(max_length=32, blank=True, editable=False)
    national_id_digest = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    national_id_masked = models.CharField(_("national id"), max_length=40, blank=True)
    country = models.CharField(_("country"), max_length=2)
    region = models.CharField(_("region"), max_length=10, blank=True)
    timezones = models.TextField(_("time zones"), blank=True, help_text=_("candidate IANA zones, ';'-separated"))
    language = models.CharField(_("language"), max_length=35, blank=True)
    credit_grade = models.CharField(_("credit grade"), max_length=20, blank=True)
    attributes = models.JSONField(default=dict, blank=True)
    fingerprint = models.CharField(max_length=64, editable=False)
    snapshot = models.ForeignKey(Snapshot, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")

    def __str__(self) -> str:
        return f"{self.customer_id} {self.full_name}"


class ContactPoint(models.Model):
    """One phone number, e-mail address or postal address of a customer."""

    class Kind(models.TextChoices):
        PHONE = "phone", _("phone")
        EMAIL = "email", _("e-mail")
        ADDRESS = "address", _("address")

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        INVALID = "invalid", _("invalid")
        DO_NOT_CONTACT = "do_not_contact", _("do not contact")

    # db_index=False: the unique (customer, kind, lookup_hash) index already starts with the customer
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="contact_points", db_index=False)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(default=0)
    sealed = models.BinaryField(editable=False)
    key_id = models.CharField(max_length=32, editable=False)
    lookup_hash = models.CharField(max_length=64, db_index=True, editable=False)
    masked = models.CharField(_("value"), max_length=200)
    source = models.CharField(_("source"), max_length=20, default="snapshot")
    timezones = models.TextField(_("time zones"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)

    class Meta:
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")
        ordering = ["customer", "kind", "position"]
        constraints = [models.UniqueConstraint(fields=["customer", "kind", "lookup_hash"], name="contact_point_unique_value")]

    def __str__(self) -> str:
        return f"{self.kind} {self.masked}"


class Account(models.Model):
    """A credit agreement of one customer in one currency."""

    account_id = models.CharField(_("account id"), max_length=64, unique=True)
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="accounts")
    product = models.CharField(_("product"), max_length=64)
    currency = models.CharField(_("currency"), max_length=3)
    principal = models.DecimalField(_("principal"), **MONEY)
    opened_on = models.DateField(_("opened on"))
    annual_rate = models.DecimalField(_("annual rate"), max_digits=12, decimal_places=8, null=True, blank=True)
    attributes = models.JSONField(default=dict, blank=True)
    fingerprint = models.CharField(max_length=64, editable=False)
    snapshot = models.ForeignKey(Snapshot, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        indexes = [models.Index(fields=["product"]), models.Index(fields=["currency"])]

    def __str__(self) -> str:
        return self.account_id


class Installment(models.Model):
    # db_index=False: the unique (account, seq) index already starts with the account
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="installments", db_index=False)
    seq = models.PositiveIntegerField(_("seq"))
    due_date = models.DateField(_("due date"))
    principal_due = models.DecimalField(_("principal"), **MONEY)
    interest_due = models.DecimalField(_("interest"), **MONEY, default=0)
    fee_due = models.DecimalField(_("fee"), **MONEY, default=0)
    penalty_due = models.DecimalField(_("penalty"), **MONEY, default=0)

    class Meta:
        verbose_name = _("installment")
        verbose_name_plural = _("installments")
        ordering = ["account", "due_date", "seq"]
        constraints = [models.UniqueConstraint(fields=["account", "seq"], name="installment_unique_seq")]


class Payment(models.Model):
    """Money received, or (``reverses`` set) the reversal of an earlier payment."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="payments")
    payment_id = models.CharField(_("payment id"), max_length=64, unique=True)
    paid_on = models.DateField(_("paid on"))
    amount = models.DecimalField(_("amount"), **MONEY)
    reverses = models.CharField(_("reverses"), max_length=64, blank=True)  # read with its account's payments

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["account", "paid_on", "payment_id"]


class AccountPosition(models.Model):
    """The account's classification on the latest business date it was classified for."""

    # No database foreign key: positions are derived data that the daily cycle replaces
    # wholesale, in bulk, for accounts it has just read from the store; a per-row
    # constraint check would cost more than the write itself at a million accounts.
    # Django still cascades deletes of an account to its position.
    account = models.OneToOneField(
        Account, on_delete=models.CASCADE, primary_key=True, related_name="position", db_constraint=False
    )
    as_of = models.DateField(_("as of"))
    dpd = models.PositiveIntegerField(_("days past due"))
    delinquent_days = models.PositiveIntegerField(_("delinquent days"))
    bucket = models.CharField(_("bucket"), max_length=32, db_index=True)
    overdue_principal = models.DecimalField(**MONEY)
    overdue_interest = models.DecimalField(**MONEY)
    overdue_fee = models.DecimalField(**MONEY)
    overdue_penalty = models.DecimalField(**MONEY)
    overdue_total = models.DecimalField(_("overdue"), **MONEY)
    outstanding_total = models.DecimalField(_("outstanding"), **MONEY)
    credit_balance = models.DecimalField(_("credit balance"), **MONEY)
    oldest_overdue_due_date = models.DateField(null=True, blank=True)
    amount_band = models.CharField(_("amount band"), max_length=64)
    # How the account moved since the previous business date (the daily cycle's comparison).
    status = models.CharField(_("status"), max_length=20, default="active")
    previous_bucket = models.CharField(_("previous bucket"), max_length=32, blank=True)
    roll = models.CharField(_("roll"), max_length=10, blank=True)
    cured = models.BooleanField(_("cured"), default=False)
    first_delinquency_date = models.DateField(_("first delinquency date"), null=True, blank=True)
    times_delinquent = models.PositiveIntegerField(_("times delinquent"), default=0)

    class Meta:
        verbose_name = _("account position")
        verbose_name_plural = _("account positions")


class CycleRun(models.Model):
    """One daily-cycle run that wrote the current positions back (recorded in the same transaction)."""

    run_id = models.CharField(max_length=32, unique=True)
    as_of = models.DateField(_("business date"), db_index=True)
    engine = models.CharField(max_length=20)
    source = models.CharField(max_length=1000)
    accounts = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()

    class Meta:
        ordering = ["-finished_at"]
        verbose_name = _("cycle run")
        verbose_name_plural = _("cycle runs")

    def __str__(self) -> str:
        return f"{self.as_of} ({self.run_id})"
