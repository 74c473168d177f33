"""The staff roles: which Django permissions each group holds.

Groups say what a person may do; `Secretariat.members` says whose records they may do
it to (an editor changes records of their own secretariat and joint ones, never the
other's alone). Both are checked: model permissions by Django, record scope by each
model's owners (brsportal/ownership.py), through `rules` and `editable_by(user)`.
"""

from __future__ import annotations

ADMINISTRATORS = "Administrators"
BRS_EDITORS = "BRS editors"
MINAMATA_EDITORS = "Minamata editors"
REPORT_EDITORS = "Report editors"
VIEWERS = "Viewers"

DOMAIN_APPS = ("decisions", "activities", "reports")
# Records every editor maintains (scoped to their secretariat where records have one).
EDITED_MODELS = {
    "decisions": [
        "organization",
        "meeting",
        "document",
        "documentsymbol",
        "decision",
        "decisionparagraph",
    ],
    "activities": [
        "activity",
        "partnership",
        "event",
        "reference",
        "synergy",
        "costsaving",
        "serviceagreement",
        "serviceline",
    ],
}
PUBLISH_PERMISSIONS = [
    ("activities", "publish_activity"),
    ("activities", "publish_serviceagreement"),
]
REPORT_PERMISSIONS = [
    ("reports", "add_report"),
    ("reports", "change_report"),
    ("reports", "issue_report"),
]


def is_administrator(user) -> bool:
    """Superusers and the Administrators group act on every secretariat's records."""
    if user.is_superuser:
        return True
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_is_brsportal_administrator", None)
    if cached is None:
        cached = user.groups.filter(name=ADMINISTRATORS).exists()
        user._is_brsportal_administrator = cached
    return cached


def view_permissions(apps) -> list[tuple[str, str]]:
    return [
        (label, f"view_{model._meta.model_name}")
        for label in DOMAIN_APPS
        for model in apps.get_app_config(label).get_models()
    ]


def editor_permissions() -> list[tuple[str, str]]:
    return [
        (label, f"{action}_{model}")
        for label, models in EDITED_MODELS.items()
        for model in models
        for action in ("add", "change", "delete")
    ]


def role_permissions(apps) -> dict[str, list[tuple[str, str]]]:
    """Every role group with the (app_label, codename) permissions it holds."""
    views = view_permissions(apps)
    return {
        VIEWERS: views,
        BRS_EDITORS: views + editor_permissions(),
        MINAMATA_EDITORS: views + editor_permissions(),
        REPORT_EDITORS: views + PUBLISH_PERMISSIONS + REPORT_PERMISSIONS,
        ADMINISTRATORS: None,  # every permission of the domain apps and of users
    }


def sync_role_groups(apps) -> None:
    """Create or update the role groups; `apps` may be a migration's historical apps."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # Historical app configs have no models module; create_permissions wants one.
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = original
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for name, wanted in role_permissions(apps).items():
        group, _ = group_model.objects.get_or_create(name=name)
        if wanted is None:
            permissions = permission_model.objects.filter(
                content_type__app_label__in=[*DOMAIN_APPS, "auth", "authtoken"]
            )
        else:
            permissions = [
                permission_model.objects.get(
                    content_type__app_label=label, codename=codename
                )
                for label, codename in wanted
            ]
        group.permissions.set(permissions)
