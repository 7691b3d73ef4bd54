"""Admin for staff accounts and ROCU reference data.

National HR add, change and deactivate any staff account; ROCU HR do the same
for their own ROCUs' staff (ROCU HR and ROCU lead roles, their own ROCUs only).
The form asks accounts.services the permission question to explain a refusal;
saving goes through the services, which ask it again, audit the change, and send
the invitation email. National HR also keep ROCU details up to date (contact
email, website, host force and vetting unit). No password is ever typed here:
new staff set their own from the emailed link. Superuser status is not on the form at all.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.utils.html import format_html, format_html_join
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import roles, services
from .forms import StaffUserForm
from .models import PoliceForce, Rocu, StaffAuditEntry, User
from .selectors import staff_audit_for, staff_users_for, user_role, user_sees_all_rocus
from .sign_in_rules import describe_wait

# Devices hold secrets; the only way to change them is the audited reset action below.
for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


class PoliceForceInline(admin.TabularInline):
    model = PoliceForce
    extra = 0
    can_delete = False
    fields = ("name",)
    readonly_fields = ("name",)


@admin.register(Rocu)
class RocuAdmin(admin.ModelAdmin):
    list_display = ("short_name", "name", "region", "contact_email", "vetting_unit_name")
    list_filter = ("region",)
    search_fields = ("name", "short_name")
    readonly_fields = ("slug",)
    inlines = [PoliceForceInline]
    fieldsets = (
        (None, {"fields": ("name", "short_name", "slug", "region", "contact_email", "website")}),
        (
            "Vetting unit (shown on adverts and self-check results)",
            {"fields": ("host_force", "vetting_unit_name", "vetting_unit_email")},
        ),
    )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "host_force":
            # Only this ROCU's forces; the model's clean() checks it again.
            rocu_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = PoliceForce.objects.filter(rocu_id=rocu_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


_WHO_SEES_WHAT = (
    "National HR see every ROCU and manage every staff account. ROCU HR see their own "
    "ROCUs and manage the ROCU HR and ROCU lead accounts of those ROCUs. ROCU leads see "
    "their own ROCUs' adverts and pipeline."
)


@admin.register(User)
class StaffUserAdmin(admin.ModelAdmin):
    form = StaffUserForm
    list_display = (
        "username",
        "full_name",
        "role",
        "sees",
        "two_factor",
        "is_active",
        "last_login",
    )
    list_filter = ("is_active", "groups", "rocus")
    search_fields = ("username", "first_name", "last_name", "email")
    ordering = ("username",)
    actions = ("deactivate", "send_invitation", "reset_two_factor")

    class Media:
        css = {"all": ("accounts/admin.css",)}

    def get_queryset(self, request):
        return staff_users_for(request.user)

    def get_fieldsets(self, request, obj=None):
        account = ["username", "first_name", "last_name", "email"]
        access = ["role", "rocus"]
        if obj is None:
            return (
                (None, {"fields": account}),
                ("Role and ROCUs", {"fields": access, "description": _WHO_SEES_WHAT}),
            )
        return (
            (None, {"fields": [*account, "is_active"]}),
            ("Role and ROCUs", {"fields": [*access, "sees"], "description": _WHO_SEES_WHAT}),
            ("Sign-in", {"fields": ["two_factor", "last_login", "date_joined"]}),
            ("Changes to this account", {"fields": ["audit_trail"]}),
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        readonly = ("sees", "two_factor", "last_login", "date_joined", "audit_trail")
        if not self.has_change_permission(request, obj):
            return (*readonly, "username", "first_name", "last_name", "email", "is_active")
        return readonly

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        by = request.user

        class FormForUser(form):
            def __init__(self, *args, **kw):
                super().__init__(*args, by=by, **kw)

        return FormForUser

    # --- permissions: the model permission, then may this person touch this account?

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or user_sees_all_rocus(request.user):
            return True
        return (
            services.staff_change_refusal(
                by=request.user, user=obj, role=user_role(obj), rocus=obj.rocus.all()
            )
            is None
        )

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead: the audit trail keeps pointing at the account

    def has_reset_two_factor_permission(self, request):
        return request.user.has_perm("accounts.reset_two_factor")

    # --- saving goes through the services

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        fields = {
            name: data[name] for name in ("email", "first_name", "last_name", "role", "rocus")
        }
        if change:
            services.staff_user_update(
                by=request.user, user=obj, is_active=data["is_active"], **fields
            )
        else:
            created = services.staff_user_create(
                by=request.user, username=data["username"], **fields
            )
            # The admin's redirect and history entry need the saved row's id.
            obj.pk = created.pk
            obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        """Nothing: the service has set the role and ROCUs (and audited them)."""

    def response_add(self, request, obj, post_url_continue=None):
        self.message_user(
            request,
            f"{obj.email} has been sent a link to set their password. It works for "
            f"{describe_wait(settings.PASSWORD_RESET_TIMEOUT)}.",
            messages.SUCCESS,
        )
        return super().response_add(request, obj, post_url_continue)

    # --- columns and read-only fields

    @admin.display(description="Name")
    def full_name(self, obj):
        return obj.get_full_name()

    @admin.display(description="Role")
    def role(self, obj):
        return user_role(obj) or ("System administrator" if obj.is_superuser else "No role")

    @admin.display(description="Sees")
    def sees(self, obj):
        if obj.is_superuser or user_role(obj) == roles.NATIONAL_HR:
            return "Every ROCU"
        names = [rocu.short_name for rocu in obj.rocus.all()]
        return ", ".join(names) or "No ROCU: nothing"

    @admin.display(description="Two-factor sign-in", boolean=True)
    def two_factor(self, obj):
        if hasattr(obj, "has_two_factor"):
            return obj.has_two_factor
        return TOTPDevice.objects.filter(user=obj, confirmed=True).exists()

    @admin.display(description="Changes")
    def audit_trail(self, obj):
        entries = list(staff_audit_for(obj)[:50])
        if not entries:
            return "None recorded."
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    f"{entry.at:%d %b %Y %H:%M}",
                    entry.get_action_display(),
                    entry.change_text,
                    entry.by.get_username() if entry.by else obj.get_username(),
                )
                for entry in entries
            ),
        )
        return format_html(
            "<table><caption>Changes to this account, newest first</caption><thead><tr>"
            '<th scope="col">When</th><th scope="col">What</th><th scope="col">Change</th>'
            '<th scope="col">By</th></tr></thead><tbody>{}</tbody></table>',
            rows,
        )

    # --- actions, each through a service

    def _each(self, request, queryset, service, done: str):
        count = 0
        for user in queryset:
            try:
                if service(by=request.user, user=user) is not False:
                    count += 1
            except services.StaffChangeRefused as refusal:
                self.message_user(request, f"{user.get_username()}: {refusal}", messages.ERROR)
        if count:
            self.message_user(request, f"{done}: {count}.", messages.SUCCESS)

    @admin.action(description="Deactivate selected staff accounts", permissions=["change"])
    def deactivate(self, request, queryset):
        self._each(request, queryset, services.staff_user_deactivate, "Accounts deactivated")

    @admin.action(description="Send a new set-password link", permissions=["change"])
    def send_invitation(self, request, queryset):
        self._each(request, queryset, services.staff_invitation_send, "Set-password links sent")

    @admin.action(description="Reset two-factor sign-in", permissions=["reset_two_factor"])
    def reset_two_factor(self, request, queryset):
        self._each(request, queryset, services.staff_two_factor_reset, "Two-factor sign-in reset")


@admin.register(StaffAuditEntry)
class StaffAuditEntryAdmin(admin.ModelAdmin):
    """Every change to a staff account. Read-only for everyone."""

    list_display = ("at", "subject", "action", "change_text", "by")
    list_filter = ("action",)
    search_fields = ("subject__username", "by__username")
    list_select_related = ("subject", "by")
    date_hierarchy = "at"

    class Media:
        css = {"all": ("accounts/admin.css",)}

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
